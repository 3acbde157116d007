package io.sigillo.incomingpoint.smtp;

import io.sigillo.pec.testing.TestPki;
import io.sigillo.support.smtp.SmtpTls;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * An SMTP client as a stranger drives one, a command at a time, from a loopback address of its own (Linux answers
 * all of 127/8), so the server's limits by client address tell it apart from the providers the tests play.
 */
final class StrangerSmtp implements Closeable {

    /** One TLS client for every session, so later handshakes resume earlier ones. */
    private static final SSLSocketFactory TLS = SmtpTls.clientSocketFactory(TestPki.get().caPem());

    private final Socket plain;
    private Socket socket;
    private BufferedReader in;
    private OutputStream out;
    private final String greeting;

    StrangerSmtp(String localAddress, int port) throws IOException {
        plain = new Socket();
        plain.bind(new InetSocketAddress(localAddress, 0));
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        plain.setSoTimeout(30_000);
        use(plain);
        greeting = in.readLine();
    }

    private void use(Socket s) throws IOException {
        socket = s;
        in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        out = s.getOutputStream();
    }

    /** The server's first line: its 220 greeting, or 421 when it will not talk. */
    String greeting() {
        return greeting;
    }

    /** EHLO, STARTTLS with the demo CA, EHLO again: what the server wants before any mail. */
    StrangerSmtp startTls() throws IOException {
        command("EHLO stranger.example");
        String answer = command("STARTTLS");
        if (!answer.startsWith("220")) {
            throw new IOException("STARTTLS answered " + answer);
        }
        SSLSocket tls = (SSLSocket) TLS.createSocket(plain, "localhost", plain.getPort(), true);
        tls.startHandshake();
        use(tls);
        command("EHLO stranger.example");
        return this;
    }

    /** Sends one command and returns the last line of its answer. */
    String command(String line) throws IOException {
        write(line + "\r\n");
        return answer();
    }

    /** Sends raw bytes, without waiting for anything. */
    void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The last line of the next answer (continuation lines skipped); null when the server closed the connection. */
    String answer() throws IOException {
        String line = in.readLine();
        while (line != null && line.length() > 3 && line.charAt(3) == '-') {
            line = in.readLine();
        }
        return line;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        plain.close();
    }
}
