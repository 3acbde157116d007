package io.sigillo.infra;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * An SMTP client driven a command at a time, as a stranger or a careless client would, to see each reply code. It
 * may connect from a loopback address of its own (Linux answers all of 127/8), so that a server's limits by client
 * address tell it apart from the other clients of a test.
 */
public final class SmtpDialogue implements Closeable {

    private final SSLSocketFactory tls;
    private final Socket plain;
    private Socket socket;
    private BufferedReader in;
    private OutputStream out;
    private final String greeting;

    /** Connects in the clear from {@code localAddress} to {@code port} on loopback; {@code tls} serves STARTTLS. */
    public SmtpDialogue(String localAddress, int port, SSLSocketFactory tls) throws IOException {
        this.tls = tls;
        plain = new Socket();
        plain.bind(new InetSocketAddress(localAddress, 0));
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        plain.setSoTimeout(30_000);
        use(plain);
        greeting = in.readLine();
    }

    /** Connects to {@code port} on loopback with implicit TLS (RFC 8314), as to port 465. */
    public static SmtpDialogue overTls(int port, SSLSocketFactory tls) throws IOException {
        return new SmtpDialogue(port, tls);
    }

    private SmtpDialogue(int port, SSLSocketFactory tls) throws IOException {
        this.tls = tls;
        plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        plain.setSoTimeout(30_000);
        SSLSocket secured = (SSLSocket) tls.createSocket(plain, "localhost", port, true);
        secured.startHandshake();
        use(secured);
        greeting = in.readLine();
    }

    private void use(Socket s) throws IOException {
        socket = s;
        in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        out = s.getOutputStream();
    }

    /** The server's first line: its 220 greeting, or 421 when it will not talk. */
    public String greeting() {
        return greeting;
    }

    /** EHLO, STARTTLS, EHLO again: what a server that requires TLS wants before anything else. */
    public SmtpDialogue startTls() throws IOException {
        command("EHLO stranger.example");
        String answer = command("STARTTLS");
        if (!answer.startsWith("220")) {
            throw new IOException("STARTTLS answered " + answer);
        }
        SSLSocket secured = (SSLSocket) tls.createSocket(plain, "localhost", plain.getPort(), true);
        secured.startHandshake();
        use(secured);
        command("EHLO stranger.example");
        return this;
    }

    /** Sends one command and returns the last line of its answer. */
    public String command(String line) throws IOException {
        write(line + "\r\n");
        return answer();
    }

    /** Sends one command and returns every line of its answer (an EHLO's capabilities, say). */
    public List<String> lines(String line) throws IOException {
        write(line + "\r\n");
        List<String> lines = new ArrayList<>();
        String next = in.readLine();
        while (next != null) {
            lines.add(next);
            if (next.length() <= 3 || next.charAt(3) != '-') {
                break;
            }
            next = in.readLine();
        }
        return lines;
    }

    /** Sends raw bytes, without waiting for anything. */
    public void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The last line of the next answer (continuation lines skipped); null when the server closed the connection. */
    public String answer() throws IOException {
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
