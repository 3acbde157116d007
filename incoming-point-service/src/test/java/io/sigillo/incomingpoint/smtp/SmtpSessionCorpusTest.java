package io.sigillo.incomingpoint.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.incomingpoint.IncomingPointTestSupport;
import io.sigillo.infra.SmtpDialogue;
import io.sigillo.pec.testing.HostileCorpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * SMTP sessions against the incoming point as strangers drive them: generated command lines (mutated commands,
 * over-long lines, NULs, 8-bit bytes, unknown verbs, out-of-order transactions), before and after STARTTLS. Each
 * gets a well-formed reply or a clean close, and the server still greets the next session. DATA and BDAT are left
 * out: what a message holds is the classifier's corpus.
 */
class SmtpSessionCorpusTest extends IncomingPointTestSupport {

    private static final List<String> COMMANDS = List.of("EHLO stranger.example", "HELO stranger.example",
            "MAIL FROM:<offerte@stranger.example>", "MAIL FROM:<> SIZE=1000", "RCPT TO:<bob@pec.alpha.example>",
            "RCPT TO:<carol@pec.beta.example>", "RSET", "NOOP", "VRFY bob", "EXPN staff", "HELP", "AUTH PLAIN AGJvYgBw",
            "STARTTLS", "ETRN pec.alpha.example", "MAIL FROM:<" + "a".repeat(300) + "@x.example>");

    @Autowired
    SmtpIncomingServer server;

    private SmtpDialogue session;

    @AfterEach
    void hangUp() throws IOException {
        if (session != null) {
            session.close();
        }
    }

    /**
     * Before STARTTLS, where anyone on the Internet is: every command line is read and parsed, mail commands are
     * answered 530. The full count runs here, where a session the server closes costs little to open again.
     */
    @Test
    void smtpCommandLinesBeforeStarttls() throws Exception {
        HostileCorpus corpus = run("SMTP command lines before STARTTLS", HostileCorpus.CASES, false);

        assertThat(corpus.outcomes()).containsKeys("2xx", "5xx", "closed");
    }

    /**
     * After STARTTLS, where transactions begin: a tenth of the count, as every session the server closes (invalid
     * UTF-8, an over-long line) costs a TLS handshake to open again.
     */
    @Test
    void smtpCommandLinesAfterStarttls() throws Exception {
        HostileCorpus corpus = run("SMTP command lines after STARTTLS", HostileCorpus.CASES / 10, true);

        assertThat(corpus.outcomes()).containsKeys("2xx", "5xx");
    }

    private HostileCorpus run(String edge, int cases, boolean tls) throws Exception {
        List<byte[]> seeds = COMMANDS.stream().map(c -> c.getBytes(StandardCharsets.UTF_8)).toList();

        HostileCorpus corpus = new HostileCorpus(edge, seeds).run(cases, line -> {
            if (session == null) {
                session = new SmtpDialogue("127.0.0.4", server.port(), STRANGER_TLS);
                assertThat(session.greeting()).as("a fresh session is greeted").startsWith("220 ");
                if (tls) {
                    session.startTls();
                }
            }
            // One command per line: a line end inside would start another, which is only more commands.
            String command = new String(line, StandardCharsets.ISO_8859_1).replace('\r', ' ').replace('\n', ' ');
            String verb = command.trim().toUpperCase(Locale.ROOT);
            if (verb.startsWith("DATA") || verb.startsWith("BDAT") || !tls && verb.startsWith("STARTTLS")) {
                // Message content follows the first two, a handshake the last: other corpora and tests cover them.
                command = "NOOP";
            }
            String reply;
            try {
                reply = session.command(command);
            } catch (IOException e) {
                // The server may hang up while a long line is still being written: a close, not a crash, as the
                // next greeting shows.
                reply = null;
            }
            if (reply == null) {
                session.close();
                session = null;
                return "closed";
            }
            assertThat(reply).as("a reply to " + command.substring(0, Math.min(80, command.length())))
                    .matches("[2-5][0-9][0-9]( .*)?");
            if (reply.startsWith("421")) {
                session.close();
                session = null;
            }
            return reply.charAt(0) + "xx";
        });

        assertThat(corpus.total()).isEqualTo(cases);
        try (SmtpDialogue after = new SmtpDialogue("127.0.0.4", server.port(), STRANGER_TLS)) {
            assertThat(after.greeting()).startsWith("220 ");
        }
        return corpus;
    }
}
