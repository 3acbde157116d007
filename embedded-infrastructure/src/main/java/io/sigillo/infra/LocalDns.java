package io.sigillo.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A DNS server on loopback for tests that look up mail exchangers: Debian's dnsmasq (package dnsmasq-base), answering
 * only from the records it is given. Started when installed; CI installs it.
 */
public final class LocalDns implements AutoCloseable {

    private final Process process;
    private final int port;

    private LocalDns(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Whether dnsmasq is installed. */
    public static boolean available() {
        return SystemTools.installed("dnsmasq") || Files.isExecutable(Path.of("/usr/sbin/dnsmasq"));
    }

    /**
     * Serves {@code records} on 127.0.0.1:{@code port} (UDP and TCP), each a dnsmasq option without its dashes ({@code
     * mx-host=example.test,mx.example.test,10}, {@code host-record=mx.example.test,127.0.0.1}); every other name
     * under {@code localDomain} does not exist.
     */
    public static LocalDns start(int port, String localDomain, List<String> records) {
        List<String> command = new ArrayList<>(List.of(Files.isExecutable(Path.of("/usr/sbin/dnsmasq"))
                        ? "/usr/sbin/dnsmasq" : "dnsmasq", "--keep-in-foreground", "--port=" + port,
                "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
                "--conf-file=/dev/null", "--pid-file=", "--local=/" + localDomain + "/", "--log-facility=-"));
        if ("root".equals(System.getProperty("user.name"))) {
            // As root it would drop to the user "nobody" and may then not read what it needs; nothing here is secret.
            command.add("--user=root");
        }
        records.forEach(r -> command.add("--" + r));
        try {
            Path log = Files.createTempFile("dnsmasq", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            LocalDns dns = new LocalDns(process, port);
            Runtime.getRuntime().addShutdownHook(new Thread(dns::close));
            awaitListening(process, port, log);
            return dns;
        } catch (IOException e) {
            throw new UncheckedIOException("dnsmasq did not start", e);
        }
    }

    /** Waits until dnsmasq answers on the port's TCP side (probing by binding would take the port from it). */
    private static void awaitListening(Process process, int port, Path log) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("dnsmasq ended at once (exit " + process.exitValue() + "): "
                        + Files.readString(log));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("dnsmasq did not listen on port " + port + " within 10 s");
    }

    /** The port it answers on. */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
