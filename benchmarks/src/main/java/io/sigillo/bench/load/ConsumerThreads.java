package io.sigillo.bench.load;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where each Kafka consumer thread of the services spends its wall time during a measured batch, sampled from
 * {@code /proc} (Linux on x86-64): running, waiting for records, or waiting for a peer (PostgreSQL, Dovecot, Kafka's
 * acknowledgement). Each service's records are handled one after the other on such a thread (ADR 0016), so a thread
 * that is seldom waiting for records is the stage that sets the pace of the whole path.
 */
final class ConsumerThreads implements AutoCloseable {

    /** x86-64 system call numbers, as {@code /proc/<pid>/task/<tid>/syscall} gives them. */
    private static final int READ = 0;
    private static final int WRITE = 1;
    private static final int POLL = 7;
    private static final int SENDTO = 44;
    private static final int RECVFROM = 45;
    private static final int FUTEX = 202;
    private static final int EPOLL_WAIT = 232;
    private static final int EPOLL_PWAIT = 281;
    private static final int PPOLL = 271;
    /** A thread of Spring Kafka's listener containers, as {@code jcmd Thread.print} names it, with its native id. */
    private static final Pattern CONSUMER = Pattern.compile(
            "^\"KafkaConsumerDestination\\{consumerDestinationName='([^']+)'"
            + "[^\"]*\\.container-(\\d+)-C-\\d+\".*nid=0x([0-9a-f]+)");
    private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");

    private final Map<Integer, String> peers;
    private final Map<Task, String> threads = new LinkedHashMap<>();
    private final Map<String, Map<String, Integer>> counts = new TreeMap<>();
    private final Thread sampler;
    private volatile boolean running = true;
    private Map<String, Integer> remotePortsByInode = Map.of();

    /** A thread of a process, as Linux numbers them. */
    private record Task(long pid, long tid) {
    }

    private ConsumerThreads(Map<Integer, String> peers) {
        this.peers = peers;
        this.sampler = new Thread(this::sample, "consumer-thread-sampler");
        this.sampler.setDaemon(true);
    }

    /**
     * Starts sampling the consumer threads of every service JVM, named by {@code peers} (a remote port, the peer on
     * it), twenty times a second. Asks each JVM once for its threads' names ({@code jcmd}), before the batch.
     */
    static ConsumerThreads start(Map<Integer, String> peers) throws IOException, InterruptedException {
        ConsumerThreads sampling = new ConsumerThreads(peers);
        for (Map.Entry<Long, String> process : PlatformProcesses.pids().entrySet()) {
            if (process.getValue().startsWith("alpha ") || process.getValue().startsWith("beta ")) {
                sampling.find(process.getKey(), process.getValue());
            }
        }
        sampling.sampler.start();
        return sampling;
    }

    private void find(long pid, String label) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
        List<String> lines;
        try (var out = jcmd.getInputStream()) {
            lines = new String(out.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        jcmd.waitFor(30, TimeUnit.SECONDS);
        for (String line : lines) {
            Matcher consumer = CONSUMER.matcher(line);
            if (consumer.find()) {
                // Named by its first topic and how many more it reads: two bindings may share the first.
                String[] topics = consumer.group(1).split(",");
                threads.put(new Task(pid, Long.parseLong(consumer.group(3), 16)), label + " " + topics[0]
                        + (topics.length > 1 ? " +" + (topics.length - 1) : "") + " #" + consumer.group(2));
            }
        }
    }

    /** Per thread, the share of its wall time in each state, over the samples taken since the start. */
    Map<String, Map<String, Double>> shares() {
        Map<String, Map<String, Double>> shares = new TreeMap<>();
        synchronized (counts) {
            counts.forEach((thread, byState) -> {
                double total = byState.values().stream().mapToInt(Integer::intValue).sum();
                Map<String, Double> share = new LinkedHashMap<>();
                byState.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                        .forEach(e -> share.put(e.getKey(), Math.round(e.getValue() * 100 / total) / 100.0));
                shares.put(thread, share);
            });
        }
        return shares;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.join();
    }

    private void sample() {
        // nanoTime has no fixed origin: start a second in the past, so the first pass reads the ports.
        long lastPorts = System.nanoTime() - TimeUnit.SECONDS.toNanos(1);
        while (running) {
            if (System.nanoTime() - lastPorts >= TimeUnit.SECONDS.toNanos(1)) {
                remotePortsByInode = remotePortsByInode();
                lastPorts = System.nanoTime();
            }
            threads.forEach((thread, label) -> {
                String state = state(thread);
                if (state != null) {
                    synchronized (counts) {
                        counts.computeIfAbsent(label, l -> new TreeMap<>()).merge(state, 1, Integer::sum);
                    }
                }
            });
            try {
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** What the thread is doing now, or null if it is gone. */
    private String state(Task thread) {
        Path task = Path.of("/proc", Long.toString(thread.pid()), "task", Long.toString(thread.tid()));
        try {
            String stat = Files.readString(task.resolve("stat"));
            if (stat.charAt(stat.lastIndexOf(')') + 2) == 'R') {
                return "running or ready to run";
            }
            String[] call = Files.readString(task.resolve("syscall")).strip().split(" ");
            if (call[0].equals("running")) {
                return "running or ready to run";
            }
            int number = Integer.parseInt(call[0]);
            return switch (number) {
                case EPOLL_WAIT, EPOLL_PWAIT -> "waiting for records";
                case FUTEX -> "waiting for a lock or an acknowledgement";
                case READ, WRITE, RECVFROM, SENDTO -> peer(thread.pid(), Long.decode(call[1]).intValue());
                case POLL, PPOLL -> peer(thread.pid(), polledDescriptor(thread.pid(), Long.decode(call[1])));
                default -> "other system call";
            };
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The descriptor of the first {@code struct pollfd} at {@code address}, read from the process's memory. */
    private static int polledDescriptor(long pid, long address) {
        try (RandomAccessFile memory = new RandomAccessFile("/proc/" + pid + "/mem", "r")) {
            memory.seek(address);
            byte[] fd = new byte[4];
            memory.readFully(fd);
            return ByteBuffer.wrap(fd).order(ByteOrder.LITTLE_ENDIAN).getInt();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private String peer(long pid, int descriptor) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "fd",
                    Integer.toString(descriptor))).toString();
            Matcher socket = SOCKET.matcher(target);
            if (!socket.matches()) {
                return "waiting for a file";
            }
            Integer port = remotePortsByInode.get(socket.group(1));
            return port == null ? "waiting for a socket" : "waiting for " + peers.getOrDefault(port, "port " + port);
        } catch (IOException | RuntimeException e) {
            return "waiting for a socket";
        }
    }

    /** The remote port of every TCP connection of the machine, by socket inode. */
    private static Map<String, Integer> remotePortsByInode() {
        Map<String, Integer> ports = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try (Stream<String> lines = Files.lines(Path.of(table))) {
                lines.skip(1).map(String::strip).map(l -> l.split("\\s+")).filter(f -> f.length > 9)
                        .forEach(f -> ports.put(f[9], Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16)));
            } catch (IOException | RuntimeException e) {
                // No IPv6 table on this machine.
            }
        }
        return ports;
    }
}
