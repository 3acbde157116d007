package io.sigillo.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sigillo.infra.InfrastructureAvailable;
import io.sigillo.infra.SystemTools;
import io.sigillo.infra.TestTime;
import io.sigillo.pec.testing.ExternalTool;
import io.sigillo.pec.testing.TestPki;
import io.sigillo.support.credentials.Totp;
import io.sigillo.support.smtp.SmtpTls;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.HeaderTerm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mail clients against both providers (ADRs 0025, 0026): alice submits over SMTP with an app password; her IMAP
 * client sees the receipts arrive by IDLE and the original in Sent; bob and carol read the envelopes over IMAP;
 * OpenSSL verifies what IMAP served; Python's imaplib sees a delivery arrive by IDLE.
 */
@ExtendWith(InfrastructureAvailable.class)
class MailClientsEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TwoProviders platform;
    private static SSLSocketFactory tls;

    @BeforeAll
    static void startProviders() throws Exception {
        platform = TwoProviders.get();
        assumeTrue(platform.alpha.dovecot() != null && platform.beta.dovecot() != null,
                "Dovecot is not installed: no IMAP (CI installs it)");
        tls = SmtpTls.clientSocketFactory(platform.pki.resolve("ca.pem"));
    }

    @Test
    void aliceSubmitsOverSmtpHerClientSeesTheReceiptsByIdleAndBobAndCarolReadTheirEnvelopesOverImap()
            throws Exception {
        String appPassword = appPassword(platform.alpha, "alice@pec.alpha.example", "alice-demo", "Thunderbird");
        String messageId = "<client-" + UUID.randomUUID() + "@client.example>";
        List<Message> arrived = new CopyOnWriteArrayList<>();
        try (IMAPStore alice = imap(platform.alpha, "alice@pec.alpha.example", appPassword)) {
            IMAPFolder inbox = (IMAPFolder) alice.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            inbox.addMessageCountListener(new MessageCountAdapter() {
                @Override
                public void messagesAdded(MessageCountEvent e) {
                    arrived.addAll(List.of(e.getMessages()));
                }
            });
            Thread idle = new Thread(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted() && inbox.isOpen()) {
                        inbox.idle(true);
                    }
                } catch (MessagingException | IllegalStateException stopped) {
                    // The store closed under it: the test is over.
                }
            }, "alice-idle");
            idle.start();

            String reply = submit("alice@pec.alpha.example", appPassword, messageId, "bob@pec.alpha.example",
                    "carol@pec.beta.example");
            assertThat(reply).startsWith("250 2.0.0 accepted as opec");

            // The acceptance receipt and a delivery receipt for each recipient, pushed while her client idles.
            await("receipts by IDLE").atMost(PecClient.FLOW).until(() -> about(arrived, messageId).size() >= 3);
            idle.interrupt();
            List<String> kinds = new ArrayList<>();
            for (Message m : about(arrived, messageId)) {
                kinds.add(m.getHeader("X-Ricevuta")[0]);
                verifies(bodyOf(inbox, m.getMessageNumber()));
            }
            assertThat(kinds).containsExactlyInAnyOrder("accettazione", "avvenuta-consegna", "avvenuta-consegna");
        }
        try (IMAPStore alice = imap(platform.alpha, "alice@pec.alpha.example", appPassword)) {
            Folder sent = alice.getFolder("Sent");
            sent.open(Folder.READ_ONLY);
            assertThat(sent.search(new HeaderTerm("Message-ID", messageId))).hasSize(1);
        }
        for (RunningProvider provider : List.of(platform.alpha, platform.beta)) {
            String reader = provider == platform.alpha ? "bob@pec.alpha.example" : "carol@pec.beta.example";
            String password = provider == platform.alpha ? "bob-demo" : "carol-demo";
            try (IMAPStore store = imap(provider, reader, password)) {
                IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                Message[] envelope = inbox.search(new HeaderTerm("X-Riferimento-Message-ID", messageId));
                assertThat(envelope).as(reader).hasSize(1);
                assertThat(envelope[0].getHeader("X-Trasporto")).containsExactly("posta-certificata");
                verifies(bodyOf(inbox, envelope[0].getMessageNumber()));
            }
        }
    }

    @Test
    void whatAliceSubmitsOverRestIsInHerSentFolderOnceAsSubmitted() throws Exception {
        PecClient alice = new PecClient(platform, platform.alpha, "alice@pec.alpha.example", "alice-demo");
        HttpResponse<String> accepted = alice.submit("{\"to\":[\"carol@pec.beta.example\"],\"subject\":\"Sent "
                + UUID.randomUUID() + "\",\"text\":\"x\"}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String messageId = PecClient.field(accepted.body(), "originalMessageId");

        try (IMAPStore store = imap(platform.alpha, "alice@pec.alpha.example", "alice-demo")) {
            Folder sent = store.getFolder("Sent");
            await("the Sent copy").atMost(PecClient.FLOW).until(() -> {
                // Opened anew each time: a SELECT shows what was appended since.
                sent.open(Folder.READ_ONLY);
                try {
                    return sent.search(new HeaderTerm("Message-ID", messageId)).length > 0;
                } finally {
                    sent.close(false);
                }
            });
            sent.open(Folder.READ_ONLY);
            Message[] copies = sent.search(new HeaderTerm("Message-ID", messageId));
            assertThat(copies).hasSize(1);
            assertThat(copies[0].getHeader("X-Trasporto")).isNull();
            assertThat(copies[0].getSubject()).startsWith("Sent ");
        }
    }

    @Test
    void pythonsImaplibIdlingOnCarolsInboxSeesAnEnvelopeArrive() throws Exception {
        Path script = Files.createTempFile("idle", ".py");
        Files.writeString(script, """
                import imaplib, ssl, sys
                context = ssl.create_default_context(cafile=sys.argv[4])
                m = imaplib.IMAP4_SSL("localhost", int(sys.argv[1]), ssl_context=context)
                m.login(sys.argv[2], sys.argv[3])
                m.select("INBOX")
                tag = m._new_tag().decode()
                m.send((tag + " IDLE\\r\\n").encode())
                assert m.readline().startswith(b"+"), "no continuation for IDLE"
                print("IDLING", flush=True)
                while True:
                    line = m.readline()
                    if not line:
                        sys.exit("connection closed")
                    if b"EXISTS" in line:
                        print("SEEN " + line.decode().strip(), flush=True)
                        break
                m.send(b"DONE\\r\\n")
                m.logout()
                """);
        Process python = new ProcessBuilder("python3", script.toString(),
                String.valueOf(platform.beta.dovecot().settings().imapsPort()), "carol@pec.beta.example", "carol-demo",
                platform.pki.resolve("ca.pem").toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("IDLING");
            PecClient alice = new PecClient(platform, platform.alpha, "alice@pec.alpha.example", "alice-demo");
            assertThat(alice.submit("{\"to\":[\"carol@pec.beta.example\"],\"subject\":\"IDLE " + UUID.randomUUID()
                    + "\",\"text\":\"x\"}").statusCode()).isEqualTo(202);
            String seen = out.readLine();
            assertThat(seen).startsWith("SEEN ").endsWith("EXISTS");
        } finally {
            python.destroy();
        }
    }

    @Test
    void mbsyncCopiesCarolsInboxOverImapsAndEachFileIsTheStoredMessage() throws Exception {
        assumeTrue(SystemTools.installed("mbsync"), "mbsync is not installed (apt-get install isync; CI installs it)");
        String subject = envelopeForCarol("mbsync");
        Path work = Files.createTempDirectory("mbsync");
        Path config = work.resolve("mbsyncrc");
        Files.writeString(config, String.join("\n",
                "IMAPAccount carol", "Host localhost", "Port " + platform.beta.dovecot().settings().imapsPort(),
                "User carol@pec.beta.example", "Pass carol-demo", "SSLType IMAPS",
                "CertificateFile " + platform.pki.resolve("ca.pem"), "SystemCertificates no", "",
                "IMAPStore remote", "Account carol", "",
                "MaildirStore local", "Path " + work.resolve("mail") + "/", "Inbox " + work.resolve("mail/INBOX"), "",
                "Channel carol", "Far :remote:", "Near :local:", "Patterns INBOX", "Create Near", "Sync Pull",
                "Expunge None",
                // Its state beside the copy, not in ~/.mbsync, where an earlier run's would not match a new copy.
                "SyncState *", ""));
        Files.createDirectories(work.resolve("mail"));

        ExternalTool.Result mbsync = ExternalTool.run("mbsync", "-c", config.toString(), "carol");

        assertThat(mbsync.exitCode()).as(mbsync.output()).isZero();
        List<Path> files;
        try (var found = Files.walk(work.resolve("mail/INBOX"))) {
            files = found.filter(Files::isRegularFile).filter(f -> f.getParent().getFileName().toString()
                    .matches("cur|new")).toList();
        }
        assertThat(files).isNotEmpty();
        try (IMAPStore carol = imap(platform.beta, "carol@pec.beta.example", "carol-demo")) {
            IMAPFolder inbox = (IMAPFolder) carol.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            // Every message up to the last one mbsync copied (more may arrive meanwhile, from earlier tests' flows).
            long lastCopied = files.stream().mapToLong(f -> Long.parseLong(f.getFileName().toString()
                    .replaceFirst(".*,U=([0-9]+).*", "$1"))).max().orElseThrow();
            assertThat(files).hasSize(inbox.getMessagesByUID(1, lastCopied).length);
            boolean sawIt = false;
            for (Path file : files) {
                byte[] synced = Files.readAllBytes(file);
                String id = new MimeMessage(null, new java.io.ByteArrayInputStream(synced)).getMessageID();
                Message[] stored = inbox.search(new HeaderTerm("Message-ID", id));
                assertThat(stored).as(file.toString()).isNotEmpty();
                // A Maildir keeps lines as the machine does (LF) and mbsync adds its tracking header, X-TUID: apart
                // from those two, the file is the stored message byte for byte.
                String local = new String(synced, StandardCharsets.ISO_8859_1).replaceFirst("(?m)^X-TUID: [^\n]*\n", "");
                String served = new String(bodyOf(inbox, stored[0].getMessageNumber()), StandardCharsets.ISO_8859_1)
                        .replace("\r\n", "\n");
                assertThat(local).as(file.toString()).isEqualTo(served);
                sawIt |= new String(synced, StandardCharsets.UTF_8).contains(subject);
            }
            assertThat(sawIt).as("the envelope sent for this test").isTrue();
        }
    }

    @Test
    void fetchmailFetchesCarolsMessagesOverPop3s() throws Exception {
        assumeTrue(SystemTools.installed("fetchmail"), "fetchmail is not installed (CI installs it)");
        String subject = envelopeForCarol("fetchmail");
        Path work = Files.createTempDirectory("fetchmail");
        Path fetched = work.resolve("fetched.mbox");
        Path rc = work.resolve("fetchmailrc");
        Files.writeString(rc, "poll localhost protocol POP3 port " + platform.beta.dovecot().settings().pop3sPort()
                + " user \"carol@pec.beta.example\" password \"carol-demo\" ssl sslcertck sslcertfile \""
                + platform.pki.resolve("ca.pem") + "\" keep mda \"/bin/sh -c 'cat >> " + fetched + "'\"\n");
        Files.setPosixFilePermissions(rc, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

        ExternalTool.Result fetchmail = ExternalTool.run("fetchmail", "-f", rc.toString(), "-i",
                work.resolve("ids").toString(), "--nosyslog", "--all");

        assertThat(fetchmail.exitCode()).as(fetchmail.output()).isZero();
        String mbox = Files.readString(fetched, StandardCharsets.ISO_8859_1);
        assertThat(mbox).contains(subject).contains("X-Trasporto: posta-certificata");
    }

    /** alice sends carol an envelope over REST and waits until carol's INBOX holds it; returns its subject. */
    private static String envelopeForCarol(String tool) throws Exception {
        String subject = "Per " + tool + " " + UUID.randomUUID();
        PecClient alice = new PecClient(platform, platform.alpha, "alice@pec.alpha.example", "alice-demo");
        assertThat(alice.submit("{\"to\":[\"carol@pec.beta.example\"],\"subject\":\"" + subject
                + "\",\"text\":\"x\"}").statusCode()).isEqualTo(202);
        await(tool + "'s envelope").atMost(PecClient.FLOW).until(() -> {
            try (IMAPStore carol = imap(platform.beta, "carol@pec.beta.example", "carol-demo")) {
                Folder inbox = carol.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                return inbox.search(new jakarta.mail.search.SubjectTerm(subject)).length == 1;
            }
        });
        return subject;
    }

    @Test
    void aRevokedAppPasswordOpensNeitherSmtpNorImap() throws Exception {
        String appPassword = appPassword(platform.alpha, "bob@pec.alpha.example", "bob-demo", "ERP");
        imap(platform.alpha, "bob@pec.alpha.example", appPassword).close();
        HttpResponse<String> listed = HTTP.send(HttpRequest.newBuilder(URI.create(platform.alpha.url(
                "delivery-point-service") + "/api/v1/mailbox/app-passwords")).header("Authorization",
                basic("bob@pec.alpha.example", "bob-demo")).build(), HttpResponse.BodyHandlers.ofString());
        String id = PecClient.field(listed.body().substring(listed.body().lastIndexOf("{\"id\"")), "id");
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(platform.alpha.url("delivery-point-service")
                        + "/api/v1/mailbox/app-passwords/" + id)).header("Authorization",
                        basic("bob@pec.alpha.example", "bob-demo")).DELETE().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> imap(platform.alpha, "bob@pec.alpha.example",
                appPassword)).isInstanceOf(AuthenticationFailedException.class);
        // The access point learns the revocation from the mailbox's announcement, a moment later.
        await("revocation reaches SMTP").atMost(Duration.ofSeconds(30)).until(() -> {
            try {
                submit("bob@pec.alpha.example", appPassword, "<r-" + UUID.randomUUID() + "@client.example>",
                        "alice@pec.alpha.example", null);
                return false;
            } catch (AuthenticationFailedException refused) {
                return true;
            }
        });
    }

    @Test
    void withTwoFactorLoginOnThePasswordAloneOpensNothingAndASessionTokenSubmitsAtTheAccessPoint() throws Exception {
        String dora = "dora." + UUID.randomUUID().toString().substring(0, 8) + "@pec.alpha.example";
        PecClient.createMailbox(platform.alpha, dora, "dora-secret", 10_000_000);
        String appPassword = appPassword(platform.alpha, dora, "dora-secret", "Outlook");
        String delivery = platform.alpha.url("delivery-point-service");

        String secret = PecClient.field(rest("POST", delivery + "/api/v1/mailbox/two-factor", basic(dora,
                "dora-secret"), null, 201), "secret");
        String recoveryCode = rest("POST", delivery + "/api/v1/mailbox/two-factor/confirmation",
                basic(dora, "dora-secret"), "{\"code\":\"" + Totp.code(secret, Totp.step(TestTime.now())) + "\"}",
                200).replaceAll("(?s).*\"recoveryCodes\":\\[\"([^\"]+)\".*", "$1");

        // The access point learns it from the mailbox's announcement: then SMTP refuses the main password (535).
        await("two-factor login reaches SMTP").atMost(Duration.ofSeconds(30)).until(() -> {
            try {
                submit(dora, "dora-secret", "<2fa-" + UUID.randomUUID() + "@client.example>",
                        "alice@pec.alpha.example", null);
                return false;
            } catch (AuthenticationFailedException refused) {
                return refused.getMessage().startsWith("535");
            }
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> imap(platform.alpha, dora, "dora-secret"))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThat(submit(dora, appPassword, "<2fa-" + UUID.randomUUID() + "@client.example>",
                "alice@pec.alpha.example", null)).startsWith("250");

        // A wrong code is refused; a recovery code earns a token that the access point takes.
        rest("POST", delivery + "/api/v1/sessions", null, "{\"username\":\"" + dora
                + "\",\"password\":\"dora-secret\",\"code\":\"000000\"}", 401);
        String token = PecClient.field(rest("POST", delivery + "/api/v1/sessions", null, "{\"username\":\""
                + dora + "\",\"password\":\"dora-secret\",\"code\":\"" + recoveryCode + "\"}", 201), "token");
        rest("POST", platform.alpha.url("access-point-service") + "/api/v1/messages", "Bearer " + token,
                "{\"to\":[\"alice@pec.alpha.example\"],\"subject\":\"Con il token\",\"text\":\"ciao\"}", 202);
        rest("POST", platform.alpha.url("access-point-service") + "/api/v1/messages", basic(dora, "dora-secret"),
                "{\"to\":[\"alice@pec.alpha.example\"],\"subject\":\"Senza\",\"text\":\"ciao\"}", 401);
    }

    /** A JSON call that must answer {@code status}; its body. */
    @Test
    void aBoundClientCertificateOpensCurlSmtpAndImapWithoutAPasswordUntilItIsUnbound() throws Exception {
        String enzo = "enzo." + UUID.randomUUID().toString().substring(0, 8) + "@pec.alpha.example";
        PecClient.createMailbox(platform.alpha, enzo, "enzo-secret", 10_000_000);
        Path keystore = TestPki.get().clientCertificate(enzo);
        Path certificate = keystore.resolveSibling(enzo + ".pem");
        Path key = keystore.resolveSibling(enzo + ".key");
        String delivery = platform.alpha.url("delivery-point-service");

        // Bound on the mailbox API's certificate port, the handshake proving enzo holds the certificate's key.
        String bound = curl("-u", enzo + ":enzo-secret", "--cert", certificate.toString(), "--key", key.toString(),
                "-X", "POST", "https://localhost:" + platform.alpha.mailboxHttpsPort()
                        + "/api/v1/mailbox/client-certificates");
        assertThat(bound).startsWith("201 ");
        String sha256 = PecClient.field(bound, "sha256");

        // curl with the certificate and no password: the submission API's and the mailbox API's TLS ports.
        String submitted = curl("--cert", certificate.toString(), "--key", key.toString(), "-H",
                "Content-Type: application/json", "--data", "{\"to\":[\"alice@pec.alpha.example\"],"
                        + "\"subject\":\"Con il certificato\",\"text\":\"Nessuna password.\"}",
                "https://localhost:" + platform.alpha.submissionHttpsPort() + "/api/v1/messages");
        assertThat(submitted).startsWith("202 ");
        assertThat(curl("--cert", certificate.toString(), "--key", key.toString(),
                "https://localhost:" + platform.alpha.mailboxHttpsPort() + "/api/v1/mailbox/messages"))
                .startsWith("200 ");
        assertThat(curl("https://localhost:" + platform.alpha.mailboxHttpsPort() + "/api/v1/mailbox/messages"))
                .startsWith("401 ");

        // Python's smtplib and imaplib log in by SASL EXTERNAL, the access point's SubEtha and Dovecot answering.
        await("the binding reaches the access point").atMost(Duration.ofSeconds(30))
                .until(() -> external(enzo, certificate, key).contains("SMTP 235"));
        String both = external(enzo, certificate, key);
        assertThat(both).contains("SMTP 235", "SMTP sent 250", "IMAP OK");

        assertThat(rest("DELETE", delivery + "/api/v1/mailbox/client-certificates/" + sha256,
                basic(enzo, "enzo-secret"), null, 204)).isEmpty();
        assertThat(external(enzo, certificate, key)).contains("IMAP NO");
        await("the unbinding reaches the access point").atMost(Duration.ofSeconds(30))
                .until(() -> external(enzo, certificate, key).contains("SMTP 535"));
        assertThat(curl("--cert", certificate.toString(), "--key", key.toString(),
                "https://localhost:" + platform.alpha.mailboxHttpsPort() + "/api/v1/mailbox/messages"))
                .startsWith("401 ");
    }

    @Test
    void thunderbirdsAutoconfigNamesServersWhereBobLogsInOverImapAndSmtp() throws Exception {
        String config = rest("GET", platform.alpha.url("delivery-point-service")
                + "/.well-known/autoconfig/mail/config-v1.1.xml?emailaddress=bob@pec.alpha.example", null, null, 200);
        Matcher imap = Pattern.compile("<incomingServer type=\"imap\">\\s*<hostname>([^<]+)</hostname>\\s*"
                + "<port>(\\d+)</port>\\s*<socketType>SSL</socketType>").matcher(config);
        Matcher smtp = Pattern.compile("<outgoingServer type=\"smtp\">\\s*<hostname>([^<]+)</hostname>\\s*"
                + "<port>(\\d+)</port>\\s*<socketType>SSL</socketType>").matcher(config);
        assertThat(imap.find()).as(config).isTrue();
        assertThat(smtp.find()).as(config).isTrue();

        // As Thunderbird would: the servers and ports of the document, the address as the user name.
        Properties settings = new Properties();
        settings.put("mail.imaps.ssl.socketFactory", tls);
        Store store = Session.getInstance(settings).getStore("imaps");
        store.connect(imap.group(1), Integer.parseInt(imap.group(2)), "bob@pec.alpha.example", "bob-demo");
        assertThat(store.getFolder("INBOX").exists()).isTrue();
        store.close();
        Properties outgoing = new Properties();
        outgoing.put("mail.smtps.ssl.socketFactory", tls);
        outgoing.put("mail.smtps.auth", "true");
        Transport transport = Session.getInstance(outgoing).getTransport("smtps");
        transport.connect(smtp.group(1), Integer.parseInt(smtp.group(2)), "bob@pec.alpha.example", "bob-demo");
        assertThat(transport.isConnected()).isTrue();
        transport.close();
    }

    /** Runs curl trusting the demo CA; the status, a space and the body. */
    private static String curl(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--cacert", platform.pki.resolve("ca.pem")
                .toString(), "-w", "\n%{http_code}"));
        command.addAll(List.of(arguments));
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        int end = out.lastIndexOf('\n');
        return out.substring(end + 1) + " " + out.substring(0, Math.max(end, 0));
    }

    /** AUTH EXTERNAL and a message over SMTP (465), then AUTHENTICATE EXTERNAL over IMAPS, by Python; what each said. */
    private static String external(String mailbox, Path certificate, Path key) throws Exception {
        Path script = Files.createTempFile("external", ".py");
        Files.writeString(script, """
                import imaplib, smtplib, ssl, sys
                smtp_port, imaps_port, mailbox, ca, cert, key = sys.argv[1:7]
                context = ssl.create_default_context(cafile=ca)
                context.load_cert_chain(cert, key)
                s = smtplib.SMTP_SSL("localhost", int(smtp_port), context=context)
                s.ehlo("client.example")
                code, text = s.docmd("AUTH", "EXTERNAL =")
                print("SMTP", code, text.decode(), flush=True)
                if code == 235:
                    s.mail(mailbox)
                    s.rcpt("alice@pec.alpha.example")
                    code, text = s.data(("From: " + mailbox + "\\r\\nTo: alice@pec.alpha.example\\r\\n"
                                         "Subject: EXTERNAL\\r\\n\\r\\nCon il certificato.\\r\\n").encode())
                    print("SMTP sent", code, text.decode(), flush=True)
                s.close()
                m = imaplib.IMAP4_SSL("localhost", int(imaps_port), ssl_context=context)
                try:
                    m.authenticate("EXTERNAL", lambda challenge: b"")
                    m.select("INBOX")
                    print("IMAP OK", flush=True)
                except imaplib.IMAP4.error as e:
                    print("IMAP NO", e, flush=True)
                """);
        Process python = new ProcessBuilder("python3", script.toString(),
                String.valueOf(platform.alpha.submissionPort() + 1),
                String.valueOf(platform.alpha.dovecot().settings().imapsPort()), mailbox,
                platform.pki.resolve("ca.pem").toString(), certificate.toString(), key.toString())
                .redirectErrorStream(true).start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static String rest(String method, String url, String authorization, String json, int status)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type",
                "application/json").method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + url + ": " + response.body()).isEqualTo(status);
        return response.body();
    }

    private static List<Message> about(List<Message> arrived, String messageId) throws MessagingException {
        List<Message> about = new ArrayList<>();
        for (Message m : arrived) {
            String[] riferimento = m.getHeader("X-Riferimento-Message-ID");
            if (riferimento != null && riferimento[0].trim().equals(messageId)) {
                about.add(m);
            }
        }
        return about;
    }

    /** SMTP submission with STARTTLS, as a mail client; returns the reply to DATA. */
    private static String submit(String from, String password, String messageId, String to, String cc)
            throws MessagingException {
        Properties p = new Properties();
        p.put("mail.smtp.host", "localhost");
        p.put("mail.smtp.port", String.valueOf(platform.alpha.submissionPort()));
        p.put("mail.smtp.auth", "true");
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.socketFactory", tls);
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        Session session = Session.getInstance(p);
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress(from));
        message.setRecipients(Message.RecipientType.TO, to);
        if (cc != null) {
            message.setRecipients(Message.RecipientType.CC, cc);
        }
        message.setSubject("Da un client di posta " + UUID.randomUUID(), "UTF-8");
        message.setHeader("X-TipoRicevuta", "completa");
        message.setText("Inviato con SMTP\r\n", "UTF-8");
        message.saveChanges();
        try (SMTPTransport transport = (SMTPTransport) session.getTransport("smtp")) {
            transport.connect(from, password);
            transport.sendMessage(message, message.getAllRecipients());
            return transport.getLastServerResponse().trim();
        }
    }

    private static IMAPStore imap(RunningProvider provider, String user, String password) throws MessagingException {
        Properties p = new Properties();
        p.put("mail.imaps.ssl.socketFactory", tls);
        p.put("mail.imaps.ssl.checkserveridentity", "true");
        IMAPStore store = (IMAPStore) Session.getInstance(p).getStore("imaps");
        store.connect("localhost", provider.dovecot().settings().imapsPort(), user, password);
        return store;
    }

    private static byte[] bodyOf(IMAPFolder folder, int number) throws MessagingException {
        BODY body = (BODY) folder.doCommand(protocol -> protocol.peekBody(number, ""));
        return body.getByteArrayInputStream().readAllBytes();
    }

    /** OpenSSL verifies what IMAP served against the demo CA: the bytes are the signed ones. */
    private static void verifies(byte[] message) throws Exception {
        Path file = Files.createTempFile("imap", ".eml");
        Files.write(file, message);
        ExternalTool.Result openssl = ExternalTool.run("openssl", "cms", "-verify", "-in", file.toString(),
                "-CAfile", platform.pki.resolve("ca.pem").toString(), "-out", "/dev/null");
        assertThat(openssl.exitCode()).as(openssl.output()).isZero();
    }

    private static String appPassword(RunningProvider provider, String owner, String password, String name)
            throws Exception {
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(provider.url(
                        "delivery-point-service") + "/api/v1/mailbox/app-passwords"))
                .header("Authorization", basic(owner, password)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return PecClient.field(created.body(), "password");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
