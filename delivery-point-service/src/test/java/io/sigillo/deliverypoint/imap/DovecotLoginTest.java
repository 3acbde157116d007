package io.sigillo.deliverypoint.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sigillo.deliverypoint.DeliveryPointTestSupport;
import io.sigillo.infra.DovecotServer;
import io.sigillo.pec.testing.TestPki;
import io.sigillo.support.smtp.SmtpTls;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Quota;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Dovecot asks the delivery point who may log in: an app password opens IMAP and POP3, a revoked or wrong
 * one does not, a login travels only encrypted, and the mailbox's quota is Dovecot's.
 */
class DovecotLoginTest extends DeliveryPointTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final SSLSocketFactory TLS = SmtpTls.clientSocketFactory(TestPki.get().caPem());
    private static final String MASTER = TestDovecot.MASTER;
    private static final String MASTER_PASSWORD = TestDovecot.MASTER_PASSWORD;
    private static final AtomicInteger SOURCES = new AtomicInteger();
    private DovecotServer dovecot;

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    private String alice;
    private String source;

    @BeforeEach
    void dovecotAndAlice() throws Exception {
        assumeTrue(DovecotServer.available(), "Dovecot is not installed (apt-get install " + DovecotServer.packages()
                + "; CI installs it)");
        dovecot = TestDovecot.forDeliveryPointOn(port);
        alice = "alice." + UUID.randomUUID().toString().substring(0, 8) + "@pec.alpha.example";
        source = "127.0.1." + SOURCES.incrementAndGet();
        assertThat(send("POST", "/admin/v1/mailboxes", ADMIN, ADMIN_PASSWORD,
                "{\"address\":\"" + alice + "\",\"password\":\"alice-secret\",\"quotaBytes\":5242880}")
                .statusCode()).isEqualTo(201);
    }

    @Test
    void anAppPasswordOpensImapWithTheExtensionsMailClientsUseAndTheMailboxQuota() throws Exception {
        String appPassword = appPassword("Thunderbird");

        IMAPStore store = (IMAPStore) connect("imaps", dovecot.settings().imapsPort(), alice, appPassword);
        try {
            for (String extension : new String[] {"IDLE", "UIDPLUS", "QUOTA", "NAMESPACE", "SPECIAL-USE", "MOVE"}) {
                assertThat(store.hasCapability(extension)).as(extension).isTrue();
            }
            IMAPFolder sent = (IMAPFolder) store.getFolder("Sent");
            assertThat(Arrays.asList(sent.getAttributes())).contains("\\Sent");
            assertThat(store.getFolder("INBOX").exists()).isTrue();
            // The owner's listing shows when a client last used it.
            assertThat(json.readTree(send("GET", "/api/v1/mailbox/app-passwords", alice, "alice-secret", null).body())
                    .get(0).get("lastUsedAt").isNull()).isFalse();
            Quota[] quotas = store.getQuota("INBOX");
            assertThat(quotas).singleElement().satisfies(q -> {
                assertThat(q.resources[0].name).isEqualTo("STORAGE");
                assertThat(q.resources[0].limit).isEqualTo(5 * 1024);
            });
        } finally {
            store.close();
        }
    }

    @Test
    void aMailboxAnOperatorDisabledOpensToNoAppPasswordUntilEnabledAgain() throws Exception {
        String appPassword = appPassword("Outlook");
        assertThat(send("PATCH", "/admin/v1/mailboxes/" + alice, ADMIN, ADMIN_PASSWORD, "{\"active\":false}")
                .statusCode()).isEqualTo(200);

        assertThatThrownBy(() -> connect("imaps", dovecot.settings().imapsPort(), alice, appPassword))
                .isInstanceOf(AuthenticationFailedException.class);

        assertThat(send("PATCH", "/admin/v1/mailboxes/" + alice, ADMIN, ADMIN_PASSWORD, "{\"active\":true}")
                .statusCode()).isEqualTo(200);
        connect("imaps", dovecot.settings().imapsPort(), alice, appPassword).close();
    }

    @Test
    void aWrongOrRevokedPasswordOpensNothingAndPop3AsksTheSame() throws Exception {
        String appPassword = appPassword("ERP");
        Store pop3 = connect("pop3s", dovecot.settings().pop3sPort(), alice, appPassword);
        assertThat(pop3.getFolder("INBOX").exists()).isTrue();
        pop3.close();

        assertThatThrownBy(() -> connect("imaps", dovecot.settings().imapsPort(), alice, "not-the-password"))
                .isInstanceOf(AuthenticationFailedException.class);
        String id = json.readTree(send("GET", "/api/v1/mailbox/app-passwords", alice, "alice-secret", null).body())
                .get(0).get("id").asString();
        assertThat(send("DELETE", "/api/v1/mailbox/app-passwords/" + id, alice, "alice-secret", null).statusCode())
                .isEqualTo(204);
        assertThatThrownBy(() -> connect("imaps", dovecot.settings().imapsPort(), alice, appPassword))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> connect("imaps", dovecot.settings().imapsPort(), "nobody@pec.alpha.example",
                appPassword)).isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void port143TakesNoLoginBeforeStartTls() throws Exception {
        // From another loopback address: Dovecot counts a connection from its own address as secured.
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress("127.0.0.2", 0));
            socket.connect(new InetSocketAddress("127.0.0.1", dovecot.settings().imapPort()), 5000);
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).contains("LOGINDISABLED").contains("STARTTLS");
            out.write(("a LOGIN " + alice + " alice-secret\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // An untagged alert comes first, then the refusal.
            String line = in.readLine();
            while (line != null && line.startsWith("* ")) {
                line = in.readLine();
            }
            assertThat(line).startsWith("a NO").contains("PRIVACYREQUIRED");
        }
    }

    @Test
    void theDeliveryPointLogsInAsAnExistingMailboxOnlyWithTheMasterPassword() throws Exception {
        Store store = connect("imaps", dovecot.settings().imapsPort(), alice + "*" + MASTER, MASTER_PASSWORD);
        assertThat(store.getFolder("INBOX").exists()).isTrue();
        store.close();
        assertThatThrownBy(() -> connect("imaps", dovecot.settings().imapsPort(),
                "nobody@pec.alpha.example*" + MASTER, MASTER_PASSWORD))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> connect("imaps", dovecot.settings().imapsPort(), alice + "*" + MASTER,
                "not-the-master-password")).isInstanceOf(AuthenticationFailedException.class);
    }

    private String appPassword(String name) throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/mailbox/app-passwords", alice, "alice-secret",
                "{\"name\":\"" + name + "\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        return json.readTree(created.body()).get("password").asString();
    }

    /**
     * A logged-in store. Each test connects from a loopback address of its own: Dovecot makes an address wait longer
     * after each failed login (up to 15 s), which one test's failures must not impose on the next.
     */
    private Store connect(String protocol, int port, String user, String password) throws Exception {
        Properties p = new Properties();
        p.put("mail." + protocol + ".localaddress", source);
        p.put("mail." + protocol + ".ssl.socketFactory", TLS);
        p.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        p.put("mail." + protocol + ".connectiontimeout", "20000");
        p.put("mail." + protocol + ".timeout", "20000");
        Store store = Session.getInstance(p).getStore(protocol);
        store.connect("localhost", port, user, password);
        return store;
    }

    private HttpResponse<String> send(String method, String path, String user, String password, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
