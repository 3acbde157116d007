package io.sigillo.support.virus;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Asks ClamAV's daemon over its TCP socket with the {@code zINSTREAM} command: the content goes in chunks, each
 * prefixed by its length, and clamd answers {@code stream: OK} or {@code stream: <name> FOUND}. One
 * connection per scan, as clamd expects for INSTREAM.
 */
public final class ClamdScanner implements VirusScanner {

    private static final int CHUNK = 64 * 1024;
    private static final int MAX_REPLY = 4096;

    private final String host;
    private final int port;
    private final Duration timeout;

    public ClamdScanner(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    @Override
    public Verdict scan(InputStream content) throws ScannerUnavailable {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), CHUNK + 8));
            out.write("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[CHUNK];
            for (int length = content.readNBytes(chunk, 0, CHUNK); length > 0;
                    length = content.readNBytes(chunk, 0, CHUNK)) {
                out.writeInt(length);
                out.write(chunk, 0, length);
            }
            out.writeInt(0);
            out.flush();
            return verdict(reply(socket.getInputStream()));
        } catch (IOException e) {
            throw new ScannerUnavailable("clamd at " + host + ":" + port + " did not answer: " + e.getMessage(), e);
        }
    }

    private static String reply(InputStream in) throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        for (int b = in.read(); b > 0 && reply.size() < MAX_REPLY; b = in.read()) {
            reply.write(b);
        }
        return reply.toString(StandardCharsets.US_ASCII).trim();
    }

    private Verdict verdict(String reply) throws ScannerUnavailable {
        // "stream: OK", "stream: Eicar-Test-Signature FOUND", "INSTREAM size limit exceeded. ERROR", ...
        String body = reply.startsWith("stream:") ? reply.substring("stream:".length()).trim() : reply;
        if (body.equals("OK")) {
            return Verdict.CLEAN;
        }
        if (body.endsWith(" FOUND")) {
            return Verdict.infected(body.substring(0, body.length() - " FOUND".length()).trim());
        }
        throw new ScannerUnavailable("clamd at " + host + ":" + port + " answered \"" + reply + "\"", null);
    }
}
