package io.sigillo.accesspoint.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

import io.sigillo.accesspoint.AccessPointTestSupport;
import io.sigillo.accesspoint.accounts.Accounts;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.SmtpDialogue;
import io.sigillo.infra.SystemTools;
import io.sigillo.infra.TestTime;
import io.sigillo.infra.TopicProbe;
import io.sigillo.pec.event.CredentialUsed;
import io.sigillo.pec.event.MailboxRegistered;
import io.sigillo.pec.event.SubmissionAccepted;
import io.sigillo.pec.event.SubmissionRejected;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.format.PecError;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.testing.TestPki;
import io.sigillo.support.certificates.TrustedClientCas;
import io.sigillo.support.credentials.AppPasswords;
import io.sigillo.support.smtp.SmtpTls;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.json.JsonMapper;

/** Mail clients submit over SMTP (587 with STARTTLS, 465 with TLS) through the same checks as the REST API. */
class SmtpSubmissionTest extends AccessPointTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final SSLSocketFactory TLS = SmtpTls.clientSocketFactory(TestPki.get().caPem());
    private static final Pattern ACCEPTED_AS = Pattern.compile("accepted as (opec\\S+),");

    @Autowired
    SmtpSubmissionServer server;

    @Autowired
    Accounts accounts;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    JsonMapper json;

    private final TopicProbe topics = new TopicProbe(SharedTestInfrastructure.kafka().bootstrapServers());
    private String alice;

    @BeforeEach
    void aliceHasAMailbox() {
        alice = "alice." + UUID.randomUUID().toString().substring(0, 8) + "@pec.alpha.example";
        MailboxRegistered registered = new MailboxRegistered(MailboxRegistered.SCHEMA_VERSION, alice,
                passwords.encode("alice-secret"), true, TestTime.now());
        topics.send(Topics.MAILBOX_REGISTERED, alice, json.writeValueAsBytes(registered));
        await().atMost(WAIT).until(() -> accounts.find(alice).isPresent());
    }

    @Test
    void aClientSubmitsOverStartTlsAndTheAnswerNamesTheAcceptedMessage() throws Exception {
        MimeMessage message = message(alice, "Ordine " + UUID.randomUUID());
        message.setRecipients(Message.RecipientType.TO, "bob@pec.alpha.example");
        message.setRecipients(Message.RecipientType.CC, "carol@pec.beta.example");
        message.setHeader("X-TipoRicevuta", "breve");
        message.setHeader("Message-ID", "<ordine-42." + alice.substring(6, 14) + "@client.example>");

        String reply = send("smtp", server.startTlsPort(), alice, "alice-secret", message);

        assertThat(reply).startsWith("250 2.0.0 accepted as opec");
        SubmissionAccepted accepted = acceptedEvent(reply);
        assertThat(accepted.facts().sender()).isEqualTo(alice);
        assertThat(accepted.facts().to()).extracting(Recipient::address).containsExactly("bob@pec.alpha.example");
        assertThat(accepted.facts().cc()).extracting(Recipient::address).containsExactly("carol@pec.beta.example");
        assertThat(accepted.receiptType()).isEqualTo(ReceiptType.BREVE);
        // The receipts name the Message-ID the client chose, so it can match them to what it sent.
        assertThat(accepted.facts().originalMessageId())
                .isEqualTo("<ordine-42." + alice.substring(6, 14) + "@client.example>");
        assertThat(reply).contains(accepted.facts().originalMessageId());
    }

    @Test
    void aClientSubmitsOverImplicitTlsWithAuthLogin() throws Exception {
        MimeMessage message = message(alice, "Fattura " + UUID.randomUUID());
        message.setRecipients(Message.RecipientType.TO, "bob@pec.alpha.example");
        Properties extra = new Properties();
        extra.put("mail.smtps.auth.mechanisms", "LOGIN");

        String reply = send("smtps", server.tlsPort(), alice, "alice-secret", message, extra);

        assertThat(acceptedEvent(reply).receiptType()).isEqualTo(ReceiptType.COMPLETA);
    }

    @Test
    void aSpoofedSenderIsRefusedAtMailFromOrWithANoticeAtData() throws Exception {
        try (SmtpDialogue client = loggedIn()) {
            assertThat(client.command("MAIL FROM:<bob@pec.alpha.example>")).startsWith("553 5.7.1");
        }
        MimeMessage spoofed = message("bob@pec.alpha.example", "Falso " + UUID.randomUUID());
        spoofed.setRecipients(Message.RecipientType.TO, "carol@pec.beta.example");
        Properties envelope = new Properties();
        envelope.put("mail.smtp.from", alice);

        SMTPSendFailedException refused = refusal("smtp", server.startTlsPort(), spoofed, envelope);

        assertThat(refused.getReturnCode()).isEqualTo(553);
        assertThat(refused.getMessage()).contains("5.7.1").contains("non corrisponde alla casella autenticata");
        assertThat(rejectedEvent(refused.getMessage()).error()).isEqualTo(PecError.ALTRO);
    }

    @Test
    void aClientSendingTheSameMessageAgainGetsTheFirstReplyAndNoSecondMessageOrNotice() throws Exception {
        String id = "<retry." + UUID.randomUUID() + "@client.example>";
        String accepted = data(List.of("bob@pec.alpha.example"), "From: " + alice + "\r\nTo: bob@pec.alpha.example\r\n"
                + "Subject: Di nuovo\r\nMessage-ID: " + id + "\r\n\r\nIl client non ha visto la risposta.\r\n");
        assertThat(accepted).startsWith("250 2.0.0 accepted as opec");
        // The reply was lost: the client sends the same message again, on a new connection.
        assertThat(data(List.of("bob@pec.alpha.example"), "From: " + alice + "\r\nTo: bob@pec.alpha.example\r\n"
                + "Subject: Di nuovo\r\nMessage-ID: " + id + "\r\n\r\nIl client non ha visto la risposta.\r\n"))
                .isEqualTo(accepted);
        assertThat(topics.await(Topics.SUBMISSION_ACCEPTED,
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(id), 2, Duration.ofSeconds(3))).hasSize(1);

        // Another message under the same Message-ID is not taken for a retry of the first.
        assertThat(data(List.of("bob@pec.alpha.example"), "From: " + alice + "\r\nTo: bob@pec.alpha.example\r\n"
                + "Subject: Un altro\r\nMessage-ID: " + id + "\r\n\r\nAltro testo.\r\n"))
                .startsWith("554 5.7.0");

        // A refusal with a notice is replayed too: one notice.
        String blind = "<blind." + UUID.randomUUID() + "@client.example>";
        String message = "From: " + alice + "\r\nTo: bob@pec.alpha.example\r\nSubject: Nascosta\r\nMessage-ID: "
                + blind + "\r\n\r\nx\r\n";
        String refused = data(List.of("bob@pec.alpha.example", "dave@pec.beta.example"), message);
        assertThat(refused).startsWith("550 5.7.1");
        assertThat(data(List.of("bob@pec.alpha.example", "dave@pec.beta.example"), message)).isEqualTo(refused);
        assertThat(topics.await(Topics.SUBMISSION_REJECTED,
                r -> new String(r.value(), StandardCharsets.UTF_8).contains("dave@pec.beta.example")
                        && new String(r.value(), StandardCharsets.UTF_8).contains("Nascosta"), 2,
                Duration.ofSeconds(3))).hasSize(1);
    }

    /** One transaction on a connection of its own, as a client's retry is: the reply to DATA. */
    private String data(List<String> recipients, String message) throws Exception {
        try (SmtpDialogue client = loggedIn()) {
            assertThat(client.command("MAIL FROM:<" + alice + ">")).startsWith("250");
            for (String recipient : recipients) {
                assertThat(client.command("RCPT TO:<" + recipient + ">")).startsWith("250");
            }
            assertThat(client.command("DATA")).startsWith("354");
            client.write(message + ".\r\n");
            return client.answer();
        }
    }

    @Test
    void aRecipientThatIsNoMailboxAddressIsRefusedAtRcptTo() throws Exception {
        try (SmtpDialogue client = loggedIn()) {
            assertThat(client.command("MAIL FROM:<" + alice + ">")).startsWith("250");
            assertThat(client.command("RCPT TO:<not an address>")).startsWith("501 5.1.3");
            assertThat(client.command("RCPT TO:<a@@b>")).startsWith("501 5.1.3");
            assertThat(client.command("RCPT TO:not an address")).startsWith("501 5.1.3");
            assertThat(client.command("RCPT TO:<bob>")).startsWith("501 5.1.3");
            assertThat(client.command("RCPT TO:<>")).startsWith("501 5.1.3");
            // The dialogue writes each character as one byte: these are the UTF-8 bytes of an SMTPUTF8 client.
            String utf8 = new String("b\u00f2b".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            assertThat(client.command("RCPT TO:<" + utf8 + "@pec.alpha.example>")).startsWith("553 5.6.7");
            assertThat(client.command("RCPT TO:<bob@pec.alpha.example>")).startsWith("250");
        }
    }

    @Test
    void aMailboxNamedTwiceInAnyLetterCaseIsOneRecipient() throws Exception {
        String reply = data(List.of("Bob@PEC.alpha.example", "bob@pec.alpha.example"), "From: " + alice
                + "\r\nTo: Bob@PEC.alpha.example, bob@pec.alpha.example\r\nCc: BOB@pec.alpha.example\r\n"
                + "Subject: Doppio\r\n\r\nx\r\n");

        assertThat(reply).startsWith("250 2.0.0 accepted as opec");
        SubmissionAccepted accepted = acceptedEvent(reply);
        assertThat(accepted.facts().to()).extracting(Recipient::address).containsExactly("Bob@PEC.alpha.example");
        assertThat(accepted.facts().cc()).isEmpty();
    }

    @Test
    void aSubjectInRawUtf8IsReadAsUtf8AsTheServerOffersSmtpUtf8() throws Exception {
        String subject = "Perch\u00e9 \u00e8 cos\u00ec, 10 \u20ac";
        String message = "From: " + alice + "\r\nTo: bob@pec.alpha.example\r\nSubject: " + subject + "\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\nGi\u00e0 pagato.\r\n";
        // The dialogue writes each character as one byte: these are the UTF-8 bytes a mail client sends.
        String reply = data(List.of("bob@pec.alpha.example"),
                new String(message.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));

        assertThat(reply).startsWith("250 2.0.0 accepted as opec");
        // The receipts, the envelope and the daticert take the subject from these facts.
        assertThat(acceptedEvent(reply).facts().subject()).isEqualTo(subject);
    }

    @Test
    void aLineLongerThan998IsRefusedWithANotice() throws Exception {
        String reply = data(List.of("bob@pec.alpha.example"), "From: " + alice + "\r\nTo: bob@pec.alpha.example\r\n"
                + "Subject: Riga lunga\r\n\r\n" + "x".repeat(999) + "\r\n");

        assertThat(reply).startsWith("554 5.6.0").contains("998");
        SubmissionRejected rejected = rejectedEvent(reply);
        assertThat(rejected.facts().subject()).isEqualTo("Riga lunga");
        assertThat(data(List.of("bob@pec.alpha.example"), "From: " + alice + "\r\nTo: bob@pec.alpha.example\r\n"
                + "Subject: Riga lunga\r\n\r\n" + "x".repeat(998) + "\r\n")).startsWith("250 2.0.0");
    }

    @Test
    void aBlindCopyIsRefusedWithANotice() throws Exception {
        MimeMessage message = message(alice, "Copia nascosta " + UUID.randomUUID());
        message.setRecipients(Message.RecipientType.TO, "bob@pec.alpha.example");
        message.setRecipients(Message.RecipientType.BCC, "dave@pec.beta.example");

        // Jakarta Mail takes the Bcc out of the header and names it only in RCPT TO, as every client does.
        SMTPSendFailedException refused = refusal("smtp", server.startTlsPort(), message, new Properties());

        assertThat(refused.getReturnCode()).isEqualTo(550);
        assertThat(refused.getMessage()).contains("dave@pec.beta.example").contains("copia nascosta");
        SubmissionRejected rejected = rejectedEvent(refused.getMessage());
        assertThat(rejected.reason()).contains("dave@pec.beta.example");
    }

    @Test
    void nothingIsSaidOfLoginsBeforeTlsAndNothingIsTakenWithoutOne() throws Exception {
        try (SmtpDialogue client = new SmtpDialogue("127.0.0.1", server.startTlsPort(), TLS)) {
            assertThat(client.greeting()).startsWith("220 ");
            List<String> capabilities = client.lines("EHLO client.example");
            assertThat(capabilities).anyMatch(l -> l.contains("STARTTLS")).noneMatch(l -> l.contains("AUTH"));
            String credentials = Base64.getEncoder().encodeToString(("\0" + alice + "\0alice-secret")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(client.command("AUTH PLAIN " + credentials)).startsWith("530");
            assertThat(client.command("MAIL FROM:<" + alice + ">")).startsWith("530");
        }
        try (SmtpDialogue client = new SmtpDialogue("127.0.0.1", server.startTlsPort(), TLS).startTls()) {
            assertThat(client.command("MAIL FROM:<" + alice + ">")).startsWith("530");
            assertThat(client.command("AUTH PLAIN " + plain(alice, "wrong"))).startsWith("535");
        }
        try (SmtpDialogue client = SmtpDialogue.overTls(server.tlsPort(), TLS)) {
            assertThat(client.lines("EHLO client.example")).anyMatch(l -> l.contains("AUTH") && l.contains("PLAIN")
                    && l.contains("LOGIN"));
        }
    }

    @Test
    void swaksSubmitsOverBothPortsVerifyingTheServersCertificate() throws Exception {
        assumeTrue(SystemTools.installed("swaks"), "swaks is not installed (apt-get install swaks; CI installs it)");
        for (List<String> transport : List.of(List.of("--tls"), List.of("--tls-on-connect"))) {
            String subject = "swaks " + transport.get(0) + " " + UUID.randomUUID();
            List<String> command = new ArrayList<>(List.of("swaks", "--server", "localhost",
                    "--port", String.valueOf(transport.get(0).equals("--tls") ? server.startTlsPort()
                            : server.tlsPort()),
                    "--tls-verify", "--tls-ca-path", TestPki.get().caPem().toString(),
                    "--auth", "PLAIN", "--auth-user", alice, "--auth-password", "alice-secret",
                    "--from", alice, "--to", "bob@pec.alpha.example", "--header", "Subject: " + subject,
                    "--header", "X-TipoRicevuta: sintetica", "--body", "Inviato da swaks"));
            command.addAll(transport);
            Process swaks = new ProcessBuilder(command).redirectErrorStream(true).start();
            String transcript = new String(swaks.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(swaks.waitFor()).as(transcript).isZero();
            String reply = transcript.lines().filter(l -> l.contains("accepted as opec")).findFirst()
                    .orElseThrow(() -> new AssertionError(transcript));
            SubmissionAccepted accepted = acceptedEvent(reply);
            assertThat(accepted.facts().subject()).isEqualTo(subject);
            assertThat(accepted.receiptType()).isEqualTo(ReceiptType.SINTETICA);
        }
    }

    @Test
    void appPasswordsOpenSubmissionUntilTheyExpireAndTwoFactorRetiresTheMainPassword() throws Exception {
        String client = AppPasswords.generate();
        String expired = AppPasswords.generate();
        Instant now = TestTime.now();
        announce(List.of(new MailboxRegistered.AppPassword("erp", AppPasswords.sha256(client), null),
                new MailboxRegistered.AppPassword("old", AppPasswords.sha256(expired), now.minusSeconds(60))), false,
                now.plusSeconds(1));

        assertThat(authPlain(client)).startsWith("235");
        // The delivery point, which lists the owner's app passwords, hears that this one was used.
        assertThat(credentialUsed(CredentialUsed.Kind.APP_PASSWORD, "erp")).isNotNull();
        assertThat(authPlain(client.replace(" ", "").toUpperCase())).startsWith("235");
        assertThat(authPlain(expired)).startsWith("535");
        assertThat(authPlain("alice-secret")).startsWith("235");

        // Two-factor login on: mail clients need an app password, the main one alone opens nothing.
        announce(List.of(new MailboxRegistered.AppPassword("erp", AppPasswords.sha256(client), null)), true,
                now.plusSeconds(2));
        assertThat(authPlain("alice-secret")).startsWith("535");
        assertThat(authPlain(client)).startsWith("235");

        // Revoked: the next announcement no longer names it.
        announce(List.of(), true, now.plusSeconds(3));
        assertThat(authPlain(client)).startsWith("535");
    }

    /** Announces alice's mailbox with these app passwords, as the delivery point does, and waits for it. */
    @Test
    void aBoundClientCertificateLogsInByAuthExternalOnBothPorts() throws Exception {
        Path keystore = TestPki.get().clientCertificate(alice);
        X509Certificate certificate;
        try (InputStream pem = Files.newInputStream(keystore.resolveSibling(alice + ".pem"))) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(pem);
        }
        SSLSocketFactory withCertificate = TestPki.get().clientTls(keystore).getSocketFactory();
        announceCertificates(List.of(new MailboxRegistered.ClientCertificate(TrustedClientCas.sha256(certificate),
                certificate.getNotAfter().toInstant())));

        try (SmtpDialogue client = SmtpDialogue.overTls(server.tlsPort(), withCertificate)) {
            assertThat(client.lines("EHLO client.example")).anyMatch(l -> l.matches("250.AUTH .*PLAIN.*EXTERNAL.*"));
            assertThat(client.command("AUTH EXTERNAL =")).startsWith("235");
            assertThat(client.command("MAIL FROM:<" + alice + ">")).startsWith("250");
            assertThat(client.command("RCPT TO:<bob@pec.alpha.example>")).startsWith("250");
            assertThat(client.command("DATA")).startsWith("354");
            client.write("From: " + alice + "\r\nTo: bob@pec.alpha.example\r\nSubject: Con la carta\r\n\r\n"
                    + "Firmato dalla carta.\r\n.\r\n");
            String reply = client.answer();
            assertThat(reply).startsWith("250 2.0.0 accepted as opec");
            assertThat(acceptedEvent(reply).facts().sender()).isEqualTo(alice);
        }
        assertThat(credentialUsed(CredentialUsed.Kind.CLIENT_CERTIFICATE, TrustedClientCas.sha256(certificate)))
                .isNotNull();
        // STARTTLS, with the authorisation identity sent after the empty challenge.
        try (SmtpDialogue client = new SmtpDialogue("127.0.0.1", server.startTlsPort(), withCertificate).startTls()) {
            assertThat(client.command("AUTH EXTERNAL")).startsWith("334");
            assertThat(client.command(Base64.getEncoder().encodeToString(alice.getBytes(StandardCharsets.UTF_8))))
                    .startsWith("235");
        }
        try (SmtpDialogue client = SmtpDialogue.overTls(server.tlsPort(), withCertificate)) {
            assertThat(client.command("AUTH EXTERNAL " + Base64.getEncoder().encodeToString(
                    "bob@pec.alpha.example".getBytes(StandardCharsets.UTF_8)))).startsWith("535 5.7.8");
        }
        // Without a certificate EXTERNAL is not offered (mutt and mbsync would pick it and fail), nor taken.
        try (SmtpDialogue client = SmtpDialogue.overTls(server.tlsPort(), TLS)) {
            assertThat(client.lines("EHLO client.example")).anyMatch(l -> l.matches("250.AUTH .*PLAIN.*"))
                    .noneMatch(l -> l.contains("EXTERNAL"));
            assertThat(client.command("AUTH EXTERNAL =")).startsWith("504");
            assertThat(client.command("AUTH PLAIN " + plain(alice, "alice-secret"))).startsWith("235");
        }
        // With one bound to no mailbox, or once it is unbound: refused.
        SSLSocketFactory unbound = TestPki.get().clientTls(TestPki.get().clientCertificate(
                "nessuno." + alice)).getSocketFactory();
        try (SmtpDialogue client = SmtpDialogue.overTls(server.tlsPort(), unbound)) {
            assertThat(client.command("AUTH EXTERNAL =")).startsWith("535 5.7.8 This certificate is bound to no");
        }
        announceCertificates(List.of());
        try (SmtpDialogue client = SmtpDialogue.overTls(server.tlsPort(), withCertificate)) {
            assertThat(client.command("AUTH EXTERNAL =")).startsWith("535");
        }
    }

    /** What the access point told the delivery point of a use of alice's credential {@code id}. */
    private CredentialUsed credentialUsed(CredentialUsed.Kind kind, String id) {
        return topics.await(Topics.CREDENTIAL_USED, r -> alice.equals(r.key()), 1, WAIT).stream()
                .map(r -> json.readValue(r.value(), CredentialUsed.class))
                .filter(u -> u.kind() == kind && u.id().equals(id) && u.mailbox().equals(alice))
                .findFirst().orElse(null);
    }

    private void announceCertificates(List<MailboxRegistered.ClientCertificate> certificates) {
        MailboxRegistered registered = new MailboxRegistered(MailboxRegistered.SCHEMA_VERSION, alice,
                accounts.find(alice).orElseThrow().passwordHash(), true, TestTime.now(), List.of(), false,
                certificates);
        topics.send(Topics.MAILBOX_REGISTERED, alice, json.writeValueAsBytes(registered));
        await().atMost(WAIT).until(() -> accounts.find(alice).orElseThrow().clientCertificates().equals(certificates));
    }

    private void announce(List<MailboxRegistered.AppPassword> appPasswords, boolean twoFactor, Instant at) {
        MailboxRegistered registered = new MailboxRegistered(MailboxRegistered.SCHEMA_VERSION, alice,
                accounts.find(alice).orElseThrow().passwordHash(), true, at, appPasswords, twoFactor);
        topics.send(Topics.MAILBOX_REGISTERED, alice, json.writeValueAsBytes(registered));
        await().atMost(WAIT).until(() -> accounts.find(alice).orElseThrow().appPasswords().equals(appPasswords)
                && accounts.find(alice).orElseThrow().twoFactor() == twoFactor);
    }

    private String authPlain(String password) throws Exception {
        try (SmtpDialogue client = new SmtpDialogue("127.0.0.5", server.startTlsPort(), TLS).startTls()) {
            return client.command("AUTH PLAIN " + plain(alice, password));
        }
    }

    private SmtpDialogue loggedIn() throws Exception {
        SmtpDialogue client = new SmtpDialogue("127.0.0.1", server.startTlsPort(), TLS).startTls();
        assertThat(client.command("AUTH PLAIN " + plain(alice, "alice-secret"))).startsWith("235");
        return client;
    }

    private static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static MimeMessage message(String from, String subject) throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties())) {
            /** Keeps a Message-ID the client chose, as mail clients do. */
            @Override
            protected void updateMessageID() throws MessagingException {
                if (getHeader("Message-ID") == null) {
                    super.updateMessageID();
                }
            }
        };
        message.setFrom(new InternetAddress(from));
        message.setSubject(subject, "UTF-8");
        message.setText("Testo del messaggio\r\n", "UTF-8");
        return message;
    }

    private String send(String protocol, int port, String user, String password, MimeMessage message)
            throws MessagingException {
        return send(protocol, port, user, password, message, new Properties());
    }

    /** Sends as a mail client would and returns the server's last reply, that of DATA. */
    private String send(String protocol, int port, String user, String password, MimeMessage message,
            Properties extra) throws MessagingException {
        Properties properties = new Properties();
        String prefix = "mail." + protocol + ".";
        properties.put(prefix + "host", "127.0.0.1");
        properties.put(prefix + "port", String.valueOf(port));
        properties.put(prefix + "auth", "true");
        properties.put(prefix + "ssl.socketFactory", TLS);
        properties.put(prefix + "ssl.checkserveridentity", "false");
        if (protocol.equals("smtp")) {
            properties.put(prefix + "starttls.enable", "true");
            properties.put(prefix + "starttls.required", "true");
        }
        properties.putAll(extra);
        Session session = Session.getInstance(properties);
        try (SMTPTransport transport = (SMTPTransport) session.getTransport(protocol)) {
            transport.connect(user, password);
            message.saveChanges();
            transport.sendMessage(message, message.getAllRecipients());
            return transport.getLastServerResponse().trim();
        }
    }

    private SMTPSendFailedException refusal(String protocol, int port, MimeMessage message, Properties extra) {
        Throwable thrown = catchThrowable(
                () -> send(protocol, port, alice, "alice-secret", message, extra));
        assertThat(thrown).isInstanceOf(SMTPSendFailedException.class);
        return (SMTPSendFailedException) thrown;
    }

    private SubmissionAccepted acceptedEvent(String reply) {
        return json.readValue(event(Topics.SUBMISSION_ACCEPTED, reply), SubmissionAccepted.class);
    }

    private SubmissionRejected rejectedEvent(String reply) {
        Matcher notice = Pattern.compile("non-acceptance notice (opec\\S+)\\)").matcher(reply);
        assertThat(notice.find()).as(reply).isTrue();
        var records = topics.await(Topics.SUBMISSION_REJECTED, r -> notice.group(1).equals(r.key()), 1, WAIT);
        assertThat(records).hasSize(1);
        return json.readValue(records.get(0).value(), SubmissionRejected.class);
    }

    private byte[] event(String topic, String reply) {
        Matcher accepted = ACCEPTED_AS.matcher(reply);
        assertThat(accepted.find()).as(reply).isTrue();
        var records = topics.await(topic, r -> accepted.group(1).equals(r.key()), 1, WAIT);
        assertThat(records).hasSize(1);
        return records.get(0).value();
    }
}
