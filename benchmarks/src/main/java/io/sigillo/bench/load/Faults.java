package io.sigillo.bench.load;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The faults the chaos run inflicts on the local platform: a service killed with SIGKILL and started again with the
 * command line, environment and folder it had; a Kafka broker restarted (the infrastructure process does it when
 * asked through its control folder); PostgreSQL stopped in immediate mode and started again, recovering as after a
 * crash. Whatever is started again here is a child of this process and is stopped with it.
 */
final class Faults implements AutoCloseable {

    private final Path data;
    private final HttpClient http;
    private final List<Process> relaunched = new ArrayList<>();

    Faults(Path data, HttpClient http) {
        this.data = data;
        this.http = http;
        // Interrupted runs too: the services started here are not in the platform's process group.
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "chaos-stop-relaunched"));
    }

    /** Kills the service labelled {@code label} ("alpha receipt") with SIGKILL, starts it again, waits for it ready. */
    Duration killAndRestart(String label, int port) throws IOException, InterruptedException {
        long pid = PlatformProcesses.pids().entrySet().stream().filter(e -> e.getValue().equals(label))
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalStateException("no running process for " + label));
        StartedAs startedAs = StartedAs.read(pid);
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        long killedAt = System.nanoTime();
        process.destroyForcibly();
        process.onExit().join();

        String domain = label.startsWith("alpha") ? "pec.alpha.example" : "pec.beta.example";
        String module = label.substring(label.indexOf(' ') + 1) + "-service";
        startAgain(startedAs, List.of(), data.resolve("logs").resolve(domain).resolve(module + ".log"));
        awaitReady(port, Duration.ofMinutes(5));
        return Duration.ofNanos(System.nanoTime() - killedAt);
    }

    /** Restarts provider {@code alpha}'s (or beta's) Kafka broker and waits until it is back. */
    Duration restartKafka(boolean alpha) throws IOException, InterruptedException {
        Path request = data.resolve("control").resolve(alpha ? "restart-kafka-alpha" : "restart-kafka-beta");
        long start = System.nanoTime();
        Files.writeString(request, "");
        while (Files.exists(request)) {
            if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(3)) {
                throw new IllegalStateException("the Kafka broker did not restart within 3 minutes");
            }
            Thread.sleep(200);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Restarts PostgreSQL as {@code pg_ctl restart -m immediate} would (pg_ctl refuses to run as root): SIGQUIT to
     * the server, which cuts every connection and stops without a checkpoint, then the same command started again,
     * which recovers from the write-ahead log as after a crash.
     */
    Duration restartPostgres() throws IOException, InterruptedException {
        ProcessHandle server = postmaster().orElseThrow(() -> new IllegalStateException("PostgreSQL is not running"));
        long pid = server.pid();
        StartedAs startedAs = StartedAs.read(pid);
        List<ProcessHandle> children = server.descendants().toList();
        long start = System.nanoTime();
        new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).inheritIO().start().waitFor();
        server.onExit().join();
        // Its children leave with it; a new server would not start while one still holds the shared memory.
        while (children.stream().anyMatch(ProcessHandle::isAlive)) {
            if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(1)) {
                throw new IllegalStateException("PostgreSQL's processes did not stop within a minute");
            }
            Thread.sleep(100);
        }
        // The server refuses to run as root; the embedded one is started in a user namespace of its own (where it
        // is not root), and so is this one.
        startAgain(startedAs, List.of("unshare", "-U"), data.resolve("logs/postgres-restarts.log"));
        List<String> command = startedAs.command();
        int port = Integer.parseInt(command.get(command.indexOf("-p") + 1));
        while (true) {
            try (Socket probe = new Socket("localhost", port)) {
                break;
            } catch (IOException e) {
                if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(3)) {
                    throw new IllegalStateException("PostgreSQL did not come back within 3 minutes", e);
                }
                Thread.sleep(200);
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** The PostgreSQL server process: a postgres whose parent is not one. */
    /** The platform's server: the one whose data directory is under the platform's data, not a test's. */
    private Optional<ProcessHandle> postmaster() {
        Path ours = data.toAbsolutePath().normalize();
        return ProcessHandle.allProcesses().filter(Faults::isPostgres)
                .filter(p -> p.parent().map(parent -> !isPostgres(parent)).orElse(true))
                .filter(p -> p.info().arguments().map(args -> Arrays.stream(args).anyMatch(a -> under(a, ours)))
                        .orElse(false))
                .findFirst();
    }

    private static boolean under(String argument, Path directory) {
        try {
            return Path.of(argument).toAbsolutePath().normalize().startsWith(directory);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(c -> c.endsWith("/bin/postgres")).orElse(false);
    }

    /** Waits until the service on {@code port} answers UP on its readiness probe. */
    private void awaitReady(int port, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!Platform.up(http, port, "/actuator/health/readiness")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the service on port " + port + " is not ready after " + atMost);
            }
            Thread.sleep(500);
        }
    }

    /** A running process's command line, environment and folder, as {@code /proc} has them. */
    private record StartedAs(List<String> command, Map<String, String> environment, Path directory) {

        static StartedAs read(long pid) throws IOException {
            Path proc = Path.of("/proc", Long.toString(pid));
            Map<String, String> environment = new HashMap<>();
            for (String variable : nulSeparated(proc.resolve("environ"))) {
                int eq = variable.indexOf('=');
                if (eq > 0) {
                    environment.put(variable.substring(0, eq), variable.substring(eq + 1));
                }
            }
            return new StartedAs(nulSeparated(proc.resolve("cmdline")), environment,
                    Files.readSymbolicLink(proc.resolve("cwd")));
        }

        private static List<String> nulSeparated(Path file) throws IOException {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return Arrays.stream(text.split("\0")).filter(s -> !s.isEmpty()).toList();
        }
    }

    /** Starts a process again as it was started, behind {@code prefix}, its output appended to {@code log}. */
    private void startAgain(StartedAs startedAs, List<String> prefix, Path log) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(startedAs.command());
        ProcessBuilder builder = new ProcessBuilder(command).directory(startedAs.directory().toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().clear();
        builder.environment().putAll(startedAs.environment());
        synchronized (relaunched) {
            relaunched.add(builder.start());
        }
    }

    /** Stops what this run started again: SIGINT, a graceful stop for the JVMs and a fast one for PostgreSQL. */
    @Override
    public void close() {
        synchronized (relaunched) {
            for (Process p : relaunched) {
                try {
                    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
                } catch (IOException e) {
                    p.destroyForcibly();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (Process p : relaunched) {
                try {
                    if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            relaunched.clear();
        }
    }
}
