package io.sigillo.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the whole machine was over a span, from /proc/stat, and what the load generator itself spent: whether a
 * figure was bound by the cores or by a wait, and how much of the cores the benchmark took from the platform.
 *
 * @param busyJiffies      the machine's time not idle and not waiting for a disk, all cores, in clock ticks
 * @param totalJiffies     all of the machine's time, all cores, in clock ticks
 * @param generatorCpuNanos the CPU time of this JVM: the clients, the IMAP readers and the counting of receipts
 */
record MachineCpu(long busyJiffies, long totalJiffies, long generatorCpuNanos) {

    /** Now. */
    static MachineCpu now() throws IOException {
        String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        // cpu user nice system idle iowait irq softirq steal (guest time is counted in user already)
        for (int i = 1; i <= Math.min(8, fields.length - 1); i++) {
            total += Long.parseLong(fields[i]);
        }
        long idle = Long.parseLong(fields[4]) + (fields.length > 5 ? Long.parseLong(fields[5]) : 0);
        long generator = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return new MachineCpu(total - idle, total, generator);
    }

    /** The share of all cores that was busy between {@code before} and this, in percent. */
    double busyPercentSince(MachineCpu before) {
        return 100.0 * (busyJiffies - before.busyJiffies) / Math.max(1, totalJiffies - before.totalJiffies);
    }

    /** The load generator's CPU between {@code before} and this, in milliseconds per message of {@code messages}. */
    double generatorMsPerMessageSince(MachineCpu before, int messages) {
        return (generatorCpuNanos - before.generatorCpuNanos) / 1e6 / Math.max(1, messages);
    }
}
