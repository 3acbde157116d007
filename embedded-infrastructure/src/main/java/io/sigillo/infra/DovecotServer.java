package io.sigillo.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private Dovecot (Debian's {@code dovecot-imapd}, {@code dovecot-pop3d}, {@code dovecot-auth-lua}) serving IMAP
 * and POP3 for one provider, for the local run and the tests (ADR 0026): its configuration, Lua passdb and master
 * user written under {@code home}, started in the foreground, stopped with it. As root it runs as Debian does (its
 * processes as the users {@code dovecot} and {@code dovenull}, the mail as {@code dovecot}); as anyone else, all of
 * it as that user.
 */
public final class DovecotServer implements AutoCloseable {

    private static final Path DOVECOT = Path.of("/usr/sbin/dovecot");
    private static final Path LUA_PASSDB = Path.of("/usr/lib/dovecot/modules/auth/libauthdb_lua.so");
    private static final Path DH = Path.of("/usr/share/dovecot/dh.pem");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)}");

    /**
     * What one Dovecot serves.
     *
     * @param instance       a name of its own among the machine's Dovecots
     * @param home           where its configuration, state and mail live
     * @param imapPort       IMAP, STARTTLS required before a login
     * @param imapsPort      IMAP over TLS
     * @param pop3Port       POP3, STLS required before a login
     * @param pop3sPort      POP3 over TLS
     * @param tlsKeyStore    a PKCS#12 with the TLS key and certificate chain
     * @param tlsPassword    its password
     * @param authUrl        the delivery point's base URL, which says who may log in
     * @param authKey        the secret the passdb shows the delivery point
     * @param masterUser     the user name with which the delivery point logs in as any mailbox
     * @param masterPassword its password
     * @param clientCas      PEM file of the CAs whose client certificates log in by SASL EXTERNAL; null for none
     */
    public record Settings(String instance, Path home, int imapPort, int imapsPort, int pop3Port, int pop3sPort,
            Path tlsKeyStore, String tlsPassword, String authUrl, String authKey, String masterUser,
            String masterPassword, Path clientCas) {

        /** Settings without client certificates. */
        public Settings(String instance, Path home, int imapPort, int imapsPort, int pop3Port, int pop3sPort,
                Path tlsKeyStore, String tlsPassword, String authUrl, String authKey, String masterUser,
                String masterPassword) {
            this(instance, home, imapPort, imapsPort, pop3Port, pop3sPort, tlsKeyStore, tlsPassword, authUrl, authKey,
                    masterUser, masterPassword, null);
        }
    }

    private final Process process;
    private final Settings settings;

    private DovecotServer(Process process, Settings settings) {
        this.process = process;
        this.settings = settings;
    }

    /** Whether Dovecot and its Lua passdb are installed. */
    public static boolean available() {
        return Files.isExecutable(DOVECOT) && Files.exists(LUA_PASSDB);
    }

    /** What to install when {@link #available()} is false. */
    public static String packages() {
        return "dovecot-imapd dovecot-pop3d dovecot-auth-lua";
    }

    /** Writes the configuration and starts Dovecot; returns once it answers on its IMAPS port. */
    public static DovecotServer start(Settings settings) {
        try {
            Path home = settings.home().toAbsolutePath();
            stopLeftOver(home);
            Files.createDirectories(home.resolve("tls"));
            Files.createDirectories(home.resolve("mail"));
            // Dovecot's own users must reach the passdb script and the mail under it.
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
            writeTls(settings, home.resolve("tls"));
            if (settings.clientCas() != null) {
                write(home.resolve("tls").resolve("client-cas.pem"), Files.readString(settings.clientCas()),
                        "rw-r--r--");
            }
            Map<String, String> values = values(settings, home);
            write(home.resolve("dovecot.conf"), render("dovecot.conf", values), "rw-r--r--");
            write(home.resolve("sigillo-auth.lua"), render("sigillo-auth.lua", values), "rw-r--r--");
            write(home.resolve("master-users"), settings.masterUser() + ":{SHA256}" + sha256(settings.masterPassword())
                    + "\n", "rw-r--r--");
            if (root()) {
                chown(home.resolve("mail"), "dovecot");
            }
            Process process = new ProcessBuilder(DOVECOT.toString(), "-F", "-c", home.resolve("dovecot.conf")
                    .toString()).redirectErrorStream(true).redirectOutput(home.resolve("dovecot.out").toFile()).start();
            DovecotServer server = new DovecotServer(process, settings);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            server.awaitListening(home);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Dovecot did not start", e);
        }
    }

    /** Stops a Dovecot an earlier run left on this home (its process killed without it): it would hold the ports. */
    private static void stopLeftOver(Path home) throws IOException {
        Path pid = home.resolve("run").resolve("master.pid");
        if (!Files.exists(pid)) {
            return;
        }
        try {
            ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(left -> {
                left.destroy();
                left.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
            });
        } catch (NumberFormatException e) {
            // Not a pid: nothing to stop.
        }
        Files.deleteIfExists(pid);
    }

    /** The settings it runs with. */
    public Settings settings() {
        return settings;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitListening(Path home) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Dovecot ended at once (exit " + process.exitValue() + "): "
                        + Files.readString(home.resolve("dovecot.out")) + log(home));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", settings.imapsPort()), 200);
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        close();
        throw new IllegalStateException("Dovecot did not listen on " + settings.imapsPort() + " within 20 s"
                + log(home));
    }

    private static String log(Path home) throws IOException {
        Path log = home.resolve("dovecot.log");
        return Files.exists(log) ? "\n" + Files.readString(log) : "";
    }

    private static Map<String, String> values(Settings s, Path home) throws IOException {
        Map<String, String> v = new HashMap<>();
        v.put("instance", s.instance());
        v.put("home", home.toString());
        v.put("listen", "127.0.0.1");
        v.put("logPath", home.resolve("dovecot.log").toString());
        v.put("imapPort", String.valueOf(s.imapPort()));
        v.put("imapsPort", String.valueOf(s.imapsPort()));
        v.put("pop3Port", String.valueOf(s.pop3Port()));
        v.put("pop3sPort", String.valueOf(s.pop3sPort()));
        v.put("sslDh", Files.exists(DH) ? "ssl_dh = <" + DH : "");
        v.put("authUrl", s.authUrl());
        v.put("authKey", s.authKey());
        v.put("authMechanisms", s.clientCas() == null ? "plain login" : "plain login external");
        v.put("clientCertificates", s.clientCas() == null ? "" : clientCertificates(home.resolve("tls")
                .resolve("client-cas.pem").toString()));
        if (root()) {
            // Debian's own users: the master stays root, the rest drops to these.
            v.put("processUsers", "");
            v.put("loginChroot", "");
            v.put("mailUser", "dovecot");
            v.put("mailGroup", "dovecot");
            v.put("firstValidUid", String.valueOf(uidOf("dovecot")));
        } else {
            String me = System.getProperty("user.name");
            v.put("processUsers", String.join("\n",
                    "default_login_user = " + me, "default_internal_user = " + me,
                    "default_internal_group = " + me,
                    // Without root there is no chroot to drop into.
                    "service anvil {\n  chroot =\n}", "service ipc {\n  chroot =\n}",
                    "service old-stats {\n  chroot =\n}", "service aggregator {\n  chroot =\n}",
                    "service auth-worker {\n  user = $default_internal_user\n}"));
            v.put("loginChroot", "  chroot =");
            v.put("mailUser", me);
            v.put("mailGroup", me);
            v.put("firstValidUid", String.valueOf(Math.min(500, currentUid())));
        }
        return v;
    }

    /**
     * What asks a client for its certificate and lets it log in by it (ADR 0028), as the image's entrypoint writes it
     * too: the certificate's common name becomes the user the passdb is asked about.
     */
    static String clientCertificates(String caFile) {
        return String.join("\n",
                "ssl_ca = <" + caFile,
                "ssl_verify_client_cert = yes",
                // Unbinding is how a certificate is withdrawn here; the CAs' CRLs are not fetched.
                "ssl_require_crl = no",
                "auth_ssl_username_from_cert = yes",
                "ssl_cert_username_field = commonName",
                // A common name may hold spaces or slashes (a CNS card's does); the passdb answers the mailbox.
                "auth_username_chars =") + "\n";
    }

    /** A resource with its {@code ${name}} placeholders filled; one without a value is an error, not a blank. */
    private static String render(String resource, Map<String, String> values) throws IOException {
        String template;
        try (InputStream in = DovecotServer.class.getResourceAsStream("dovecot/" + resource)) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException(resource + ": no value for ${" + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The key and chain of the PKCS#12 as the PEM files Dovecot reads. */
    private static void writeTls(Settings s, Path dir) throws IOException {
        try (InputStream in = Files.newInputStream(s.tlsKeyStore())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            char[] password = s.tlsPassword().toCharArray();
            store.load(in, password);
            String alias = store.aliases().nextElement();
            PrivateKey key = (PrivateKey) store.getKey(alias, password);
            StringBuilder chain = new StringBuilder();
            for (Certificate c : store.getCertificateChain(alias)) {
                chain.append(pem("CERTIFICATE", c.getEncoded()));
            }
            write(dir.resolve("cert.pem"), chain.toString(), "rw-r--r--");
            write(dir.resolve("key.pem"), pem("PRIVATE KEY", key.getEncoded()), "rw-------");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS keystore " + s.tlsKeyStore() + ": " + e.getMessage(), e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void write(Path file, String text, String permissions) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    }

    private static String sha256(String password) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }

    private static boolean root() {
        return currentUid() == 0;
    }

    private static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int uidOf(String user) throws IOException {
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] fields = line.split(":");
            if (fields.length > 2 && fields[0].equals(user)) {
                return Integer.parseInt(fields[2]);
            }
        }
        throw new IllegalStateException("no user " + user + ": is Dovecot installed?");
    }

    private static void chown(Path path, String user) throws IOException {
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(users.lookupPrincipalByName(user));
        view.setGroup(users.lookupPrincipalByGroupName(user));
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
