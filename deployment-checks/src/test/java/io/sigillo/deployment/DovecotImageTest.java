package io.sigillo.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.sigillo.infra.DovecotServer;
import io.sigillo.infra.FreePorts;
import io.sigillo.infra.SystemTools;
import io.sigillo.pec.testing.TestPki;
import io.sigillo.support.smtp.SmtpTls;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * The Dovecot image's entrypoint ({@code images/dovecot/sigillo-dovecot}), run on this machine's Dovecot (Debian's,
 * as the image installs) with the environment a container gets: it renders the local run's templates, converts the
 * provider's PKCS#12 for Dovecot, and serves IMAP that asks a delivery point (a stand-in here) who may log in.
 */
class DovecotImageTest {

    private static final String KEY = "dovecot-image-test-key";
    private static final String MASTER_PASSWORD = "master-of-the-test";
    private static final String ALICE = "alice@pec.alpha.example";

    /**
     * Not a JUnit temporary directory, whose parent is private: Dovecot's own users (as root) must reach its files.
     * And short: Dovecot's sockets live below it, and a socket's path has at most 107 bytes.
     */
    private static Path home;

    private static HttpServer deliveryPoint;
    private static Process dovecot;
    private static int firstPort;
    private static final List<String> asked = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startTheEntrypoint() throws Exception {
        assumeTrue(DovecotServer.available(), "Dovecot is not installed (" + DovecotServer.packages() + ")");
        deliveryPoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        deliveryPoint.createContext("/internal/v1/dovecot/", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            asked.add(path + " " + URLDecoder.decode(form, StandardCharsets.UTF_8));
            boolean fromDovecot = ("Bearer " + KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            boolean alice = form.contains("user=" + ALICE.replace("@", "%40"));
            int status = !fromDovecot ? 403 : !alice ? 404
                    : path.endsWith("/logins") && !form.contains("password=right-password") ? 401 : 200;
            byte[] body = ("user=" + ALICE + "\nuserdb_quota_rule=*:storage=1048576B\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, status == 200 ? body.length : -1);
            if (status == 200) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        deliveryPoint.start();

        home = Files.createTempDirectory("sdv", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        firstPort = FreePorts.take(4);
        keptAsMaildir(home.resolve("d/mail/pec.alpha.example/alice/Maildir"));
        dovecot = start(List.of(), home, TestPki.get().dir().resolve("pec.alpha.example.smtp.p12"), firstPort);
    }

    /**
     * The entrypoint with a container's environment, run by {@code runAs} (empty: this user), Dovecot's files in
     * {@code dir}, its four ports from {@code first}; returns once IMAPS listens.
     */
    private static Process start(List<String> runAs, Path dir, Path keystore, int first) throws Exception {
        List<String> command = new ArrayList<>(runAs);
        command.add(Project.root().resolve("images/dovecot/sigillo-dovecot").toString());
        ProcessBuilder entrypoint = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("entrypoint.out").toFile());
        entrypoint.environment().putAll(Map.of(
                "SIGILLO_DOVECOT_AUTH_URL", "http://127.0.0.1:" + deliveryPoint.getAddress().getPort(),
                "SIGILLO_DOVECOT_AUTH_KEY", KEY,
                "SIGILLO_DOVECOT_MASTER_PASSWORD", MASTER_PASSWORD,
                "SIGILLO_DOVECOT_TLS_KEYSTORE_PATH", keystore.toString(),
                "SIGILLO_DOVECOT_TLS_KEYSTORE_PASSWORD", "sigillo-demo",
                "SIGILLO_DOVECOT_HOME", dir.resolve("d").toString(),
                "SIGILLO_DOVECOT_TEMPLATES", Project.root()
                        .resolve("embedded-infrastructure/src/main/resources/io/sigillo/infra/dovecot").toString(),
                "SIGILLO_DOVECOT_INSTANCE", "sigillo-image-test-" + first,
                "SIGILLO_DOVECOT_LISTEN", "127.0.0.1"));
        entrypoint.environment().putAll(Map.of(
                "SIGILLO_DOVECOT_IMAP_PORT", String.valueOf(first),
                "SIGILLO_DOVECOT_IMAPS_PORT", String.valueOf(first + 1),
                "SIGILLO_DOVECOT_POP3_PORT", String.valueOf(first + 2),
                "SIGILLO_DOVECOT_POP3S_PORT", String.valueOf(first + 3)));
        Process started = entrypoint.start();
        awaitListening(started, dir, first + 1);
        return started;
    }

    @AfterAll
    static void stop() throws InterruptedException, IOException {
        if (dovecot != null) {
            dovecot.destroy();
            dovecot.waitFor();
        }
        if (deliveryPoint != null) {
            deliveryPoint.stop(0);
        }
        if (home != null) {
            FileSystemUtils.deleteRecursively(home);
        }
    }

    @Test
    void aMailboxOwnerLogsInOverImapsWithWhatTheDeliveryPointSaysAndSeesItsQuota() throws Exception {
        try (IMAPStore store = imaps(ALICE, "right-password")) {
            assertThat(store.hasCapability("IDLE")).isTrue();
            assertThat(store.hasCapability("SPECIAL-USE")).isTrue();
            assertThat(store.getQuota("INBOX")[0].resources[0].limit).isEqualTo(1024);
            Folder sent = store.getFolder("Sent");
            assertThat(sent.exists()).isTrue();
        }
        assertThat(asked).anyMatch(a -> a.startsWith("/internal/v1/dovecot/logins ") && a.contains("rip=127.0.0.1"));
        assertThatThrownBy(() -> imaps(ALICE, "wrong-password")).isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void aMailboxKeptAsMaildirBeforeIsConvertedToSdboxByteForByteWithItsFolderAndFlags() throws Exception {
        try (IMAPStore store = imaps(ALICE + "*sigillo-delivery", MASTER_PASSWORD)) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessage(1).isSet(Flags.Flag.SEEN)).isTrue();
            BODY body = (BODY) inbox.doCommand(p -> p.peekBody(1, ""));
            assertThat(body.getByteArrayInputStream().readAllBytes()).isEqualTo(KEPT_AS_MAILDIR);
            Folder sent = store.getFolder("Sent");
            sent.open(Folder.READ_ONLY);
            assertThat(sent.getMessageCount()).isEqualTo(1);
            assertThat(sent.getMessage(1).isSet(Flags.Flag.SEEN)).isFalse();
        }
        Path alice = home.resolve("d/mail/pec.alpha.example/alice");
        assertThat(alice.resolve("Maildir")).doesNotExist();
        assertThat(alice.resolve("Maildir.before-sdbox/cur")).isDirectory();
        assertThat(Files.readString(home.resolve("entrypoint.out"))).contains(ALICE + " converted from Maildir");
    }

    /** A message as a Maildir kept it: CR LF line ends and a byte that is not UTF-8, which must all come back. */
    private static final byte[] KEPT_AS_MAILDIR = ("From: alice@pec.alpha.example\r\nTo: bob@pec.beta.example\r\n"
            + "Subject: kept as Maildir\r\nMessage-ID: <maildir-1@pec.alpha.example>\r\n\r\ncaf\u00e9 \r\n")
            .getBytes(StandardCharsets.ISO_8859_1);

    /** Alice's mailbox as Dovecot kept it as Maildir before ADR 0029: a message read in the INBOX, one in Sent. */
    private static void keptAsMaildir(Path maildir) throws IOException {
        for (String dir : List.of("cur", "new", "tmp", ".Sent/cur", ".Sent/new", ".Sent/tmp")) {
            Files.createDirectories(maildir.resolve(dir));
        }
        Files.write(maildir.resolve("cur/1764800000.M1P1.sigillo:2,S"), KEPT_AS_MAILDIR);
        Files.write(maildir.resolve(".Sent/cur/1764800001.M1P1.sigillo:2,"), KEPT_AS_MAILDIR);
        if (new com.sun.security.auth.module.UnixSystem().getUid() == 0) {
            // As root the mail is Debian's user dovecot's, as the entrypoint makes it.
            UserPrincipalLookupService users = maildir.getFileSystem().getUserPrincipalLookupService();
            try (var paths = Files.walk(maildir.getParent().getParent().getParent())) {
                for (Path path : paths.toList()) {
                    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
                    view.setOwner(users.lookupPrincipalByName("dovecot"));
                    view.setGroup(users.lookupPrincipalByGroupName("dovecot"));
                }
            }
        }
    }

    @Test
    void theDeliveryPointLogsInAsMasterUserWithThePasswordItWasGiven() throws Exception {
        try (IMAPStore store = imaps(ALICE + "*sigillo-delivery", MASTER_PASSWORD)) {
            assertThat(store.getFolder("INBOX").exists()).isTrue();
        }
        assertThatThrownBy(() -> imaps(ALICE + "*sigillo-delivery", "not-the-master-password"))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void asAnUnprivilegedUserAsKubernetesRunsItItServesImapWithoutRoot() throws Exception {
        assumeTrue(new com.sun.security.auth.module.UnixSystem().getUid() == 0 && SystemTools.installed("setpriv"),
                "needs root to become another user (CI runs as root)");
        // The files of user nobody, as a volume of user 10001 is in Kubernetes.
        Path dir = home.resolve("u");
        Files.createDirectories(dir.resolve("d"));
        Path keystore = Files.copy(TestPki.get().dir().resolve("pec.alpha.example.smtp.p12"),
                dir.resolve("smtp.p12"));
        for (Path path : List.of(dir, dir.resolve("d"), keystore)) {
            Files.setOwner(path, path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        }
        int first = FreePorts.take(4);
        Process unprivileged = start(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"), dir,
                keystore, first);
        try {
            Properties p = new Properties();
            p.put("mail.imaps.ssl.socketFactory", SmtpTls.clientSocketFactory(TestPki.get().caPem()));
            IMAPStore store = (IMAPStore) Session.getInstance(p).getStore("imaps");
            store.connect("localhost", first + 1, ALICE, "right-password");
            try (store) {
                assertThat(store.getFolder("Sent").exists()).isTrue();
            }
            assertThat(Files.getOwner(dir.resolve("d/mail")).getName()).isEqualTo("nobody");
        } finally {
            unprivileged.destroy();
            unprivileged.waitFor();
        }
    }

    @Test
    void plainImapOffersNoLoginBeforeStartTls() throws Exception {
        // From another loopback address: Dovecot counts a connection from its own address as secured.
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress("127.0.0.2", 0));
            socket.connect(new InetSocketAddress("127.0.0.1", firstPort), 5000);
            socket.setSoTimeout(5000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            socket.getOutputStream().write("a CAPABILITY\r\n".getBytes(StandardCharsets.US_ASCII));
            String capability = "";
            for (String line = in.readLine(); !line.startsWith("a "); line = in.readLine()) {
                if (line.startsWith("* CAPABILITY")) {
                    capability = line;
                }
            }
            assertThat(capability).contains("STARTTLS", "LOGINDISABLED").doesNotContain("AUTH=PLAIN");
        }
    }

    private static IMAPStore imaps(String user, String password) throws Exception {
        Properties p = new Properties();
        p.put("mail.imaps.ssl.socketFactory", SmtpTls.clientSocketFactory(TestPki.get().caPem()));
        p.put("mail.imaps.ssl.checkserveridentity", "true");
        p.put("mail.imaps.connectiontimeout", "5000");
        p.put("mail.imaps.timeout", "10000");
        IMAPStore store = (IMAPStore) Session.getInstance(p).getStore("imaps");
        store.connect("localhost", firstPort + 1, user, password);
        return store;
    }

    private static void awaitListening(Process dovecot, Path dir, int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!dovecot.isAlive()) {
                throw new IllegalStateException("the entrypoint ended (exit " + dovecot.exitValue() + "): "
                        + Files.readString(dir.resolve("entrypoint.out")));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("Dovecot did not listen on " + port + ": "
                + Files.readString(dir.resolve("entrypoint.out")));
    }
}
