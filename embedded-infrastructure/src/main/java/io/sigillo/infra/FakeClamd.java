package io.sigillo.infra;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.eclipse.angus.mail.util.MailStreamProvider;

/**
 * A stand-in for ClamAV's daemon in tests and the local demo: speaks clamd's {@code zINSTREAM} protocol on
 * loopback and finds exactly one "virus", the EICAR test string, anywhere in a message, including inside
 * base64 attachments and nested messages (clamd decodes MIME too). Point Sigillo at a real clamd in production.
 */
public final class FakeClamd implements AutoCloseable {

    /** The EICAR anti-virus test string: harmless, and every scanner reports it. */
    public static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
    /** The name clamd gives it. */
    public static final String EICAR_NAME = "Eicar-Test-Signature";

    private static final Session SESSION;

    static {
        // Unnamed, Jakarta Mail looks its stream provider up with a ServiceLoader scan of every jar for each MIME
        // part it decodes: nearly half of this stand-in's CPU under load (the services name it in MailStreams).
        System.getProperties().putIfAbsent("jakarta.mail.util.StreamProvider",
                MailStreamProvider.class.getName());
        SESSION = Session.getInstance(new Properties());
    }

    private final ServerSocket server;
    private final Thread acceptor;
    private volatile boolean down;

    private FakeClamd(ServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::serve, "fake-clamd");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on {@code port} of loopback (0 for any free port). */
    public static FakeClamd start(int port) {
        try {
            return new FakeClamd(new ServerSocket(port, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException("fake clamd cannot listen on " + port, e);
        }
    }

    /** The port it listens on. */
    public int port() {
        return server.getLocalPort();
    }

    /** From now on it hangs up on every scan without a verdict, as a clamd that is restarting would. */
    public void goDown() {
        down = true;
    }

    /** It answers again. */
    public void comeBack() {
        down = false;
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                if (down) {
                    socket.close();
                    continue;
                }
                Thread worker = new Thread(() -> answer(socket), "fake-clamd-scan");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void answer(Socket socket) {
        try (socket; DataInputStream in = new DataInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream()) {
            byte[] command = new byte["zINSTREAM\0".length()];
            in.readFully(command);
            if (!new String(command, StandardCharsets.US_ASCII).equals("zINSTREAM\0")) {
                out.write("UNKNOWN COMMAND\0".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            for (int length = in.readInt(); length > 0; length = in.readInt()) {
                content.write(in.readNBytes(length));
            }
            String reply = infected(content.toByteArray()) ? "stream: " + EICAR_NAME + " FOUND\0" : "stream: OK\0";
            out.write(reply.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // The client went away: nothing to answer.
        }
    }

    private static boolean infected(byte[] content) {
        if (contains(content)) {
            return true;
        }
        try {
            return infected(new MimeMessage(SESSION, new ByteArrayInputStream(content)));
        } catch (MessagingException | IOException e) {
            return false;
        }
    }

    private static boolean infected(Part part) throws MessagingException, IOException {
        Object body = part.getContent();
        if (body instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                if (infected(child)) {
                    return true;
                }
            }
            return false;
        }
        if (body instanceof MimeMessage nested) {
            return infected(nested);
        }
        return contains(part.getInputStream().readAllBytes());
    }

    private static boolean contains(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1).contains(EICAR);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
