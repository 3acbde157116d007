package io.sigillo.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU time and memory of each process of the local platform, read from {@code /proc}: each service of each provider
 * (or each provider's process, when its services share one JVM), each provider's webmail, the infrastructure JVM
 * (both Kafka brokers and the stand-in clamd) and PostgreSQL (all its processes together).
 */
final class PlatformProcesses {

    /** Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every common architecture. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final Pattern SERVICE = Pattern.compile("([a-z-]+)-service-[^/]*-exec\\.jar.*--server\\.port=80([89])\\d");
    /** A provider's five services in one JVM, as ./sigillo-local runs them unless told --jvm-per-service. */
    private static final Pattern PROVIDER = Pattern.compile("io\\.sigillo\\.local\\.ProviderProcess --ports=80([89])");
    /** A provider's webmail (ADR 0035), its own JVM in either way of running. */
    private static final Pattern WEBMAIL = Pattern.compile("webmail-[^/]*-exec\\.jar.*--server\\.port=80([89])6");
    /** A Dovecot process other than the master, named after its instance: "dovecot-sigillo-pec.alpha.example/imap". */
    private static final Pattern DOVECOT_PROCESS = Pattern.compile("dovecot(-[\\w.-]+)?/");

    private PlatformProcesses() {
    }

    /** Seconds of CPU (user + system) used so far, per process label. */
    static Map<String, Double> cpuSeconds() throws IOException {
        return sum(PlatformProcesses::cpuSeconds);
    }

    /**
     * Seconds of CPU used so far by the JVMs' JIT compiler threads, per process label: a short run spends much of
     * its CPU compiling, which a provider running for days does not.
     */
    static Map<String, Double> compilerCpuSeconds() throws IOException {
        return sum(PlatformProcesses::compilerCpuSeconds);
    }

    /**
     * Memory in MiB, per process label: the proportional set size, so that memory shared between processes (PostgreSQL's
     * shared buffers, above all) is counted once rather than in every process that maps it.
     */
    static Map<String, Double> memoryMebibytes() throws IOException {
        return sum(PlatformProcesses::proportionalMebibytes);
    }

    private static Map<String, Double> sum(ToDoubleFunction<Path> reading) throws IOException {
        Map<String, Double> sums = new TreeMap<>();
        pids().forEach((pid, label) -> sums.merge(label, reading.applyAsDouble(Path.of("/proc", pid.toString())),
                Double::sum));
        return sums;
    }

    /** The running processes that have a label, by process id. */
    static Map<Long, String> pids() throws IOException {
        Map<Long, String> pids = new TreeMap<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                label(process).ifPresent(label -> pids.put(Long.valueOf(process.getFileName().toString()), label));
            }
        }
        return pids;
    }

    /** What each label used between two snapshots. */
    static Map<String, Double> between(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> used = new TreeMap<>();
        after.forEach((label, s) -> used.put(label, s - before.getOrDefault(label, 0.0)));
        return used;
    }

    private static Optional<String> label(Path process) {
        String command;
        try {
            command = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return Optional.empty();
        }
        Matcher service = SERVICE.matcher(command);
        if (service.find()) {
            return Optional.of((service.group(2).equals("8") ? "alpha " : "beta ") + service.group(1));
        }
        Matcher webmail = WEBMAIL.matcher(command);
        if (webmail.find()) {
            return Optional.of((webmail.group(1).equals("8") ? "alpha" : "beta") + " webmail");
        }
        Matcher provider = PROVIDER.matcher(command);
        if (provider.find()) {
            return Optional.of((provider.group(1).equals("8") ? "alpha" : "beta") + " provider process");
        }
        if (command.contains("io.sigillo.infra.LocalInfrastructure")) {
            return Optional.of("kafka brokers + clamd");
        }
        if (command.startsWith("postgres") || command.contains("/bin/postgres")) {
            return Optional.of("postgresql");
        }
        // Both providers' Dovecots (ADR 0026): the masters, and their imap, login and auth processes, which Dovecot
        // names after its instance ("dovecot-sigillo-pec.alpha.example/imap").
        if (DOVECOT_PROCESS.matcher(command).lookingAt() || command.contains("/usr/sbin/dovecot ")) {
            return Optional.of("dovecot");
        }
        return Optional.empty();
    }

    private static double proportionalMebibytes(Path process) {
        try {
            for (String line : Files.readAllLines(process.resolve("smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // The process ended while being read.
        }
        return 0.0;
    }

    private static double compilerCpuSeconds(Path process) {
        double seconds = 0;
        try (Stream<Path> threads = Files.list(process.resolve("task"))) {
            for (Path thread : threads.toList()) {
                // HotSpot names them "C1 CompilerThread0", "C2 CompilerThread1"… (the name is cut to 15 characters).
                if (Files.readString(thread.resolve("comm")).strip().matches("C[12] CompilerThre.*")) {
                    seconds += cpuSeconds(thread);
                }
            }
        } catch (IOException | RuntimeException e) {
            // The process or a thread ended while being read.
        }
        return seconds;
    }

    private static double cpuSeconds(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are 14, 15.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            if (stat.contains("(dovecot)")) {
                // Dovecot's master forks an imap process per session and reaps it: the time of those that ended is
                // its children's (cutime, cstime: fields 16, 17), or it would go uncounted.
                ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            }
            return ticks / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0.0;
        }
    }
}
