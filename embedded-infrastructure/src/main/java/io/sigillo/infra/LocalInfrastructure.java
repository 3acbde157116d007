package io.sigillo.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The local run's infrastructure process: one PostgreSQL server (a database per demo provider), one KRaft
 * Kafka broker per demo provider and a stand-in clamd for virus scanning, on fixed ports, their data kept under
 * {@code DATA/} across restarts, until stopped; and a Dovecot per provider where it is installed. Writes {@code DATA/infrastructure.env} once all are up. A file
 * {@code DATA/control/restart-kafka-alpha} (or {@code -beta}) restarts that broker, then disappears: the chaos run
 * restarts brokers this way, since they live in this process.
 */
public final class LocalInfrastructure {

    /** Local PostgreSQL port. */
    public static final int POSTGRES_PORT = 15432;
    /** Provider alpha's Kafka port (its controller listens on the next one). */
    public static final int ALPHA_KAFKA_PORT = 19092;
    /** Provider beta's Kafka port (its controller listens on the next one). */
    public static final int BETA_KAFKA_PORT = 19192;
    /** The demo's stand-in for ClamAV's daemon (it knows the EICAR test string). */
    public static final int CLAMD_PORT = 13310;
    /** Provider beta's database; alpha uses {@link EmbeddedPostgresServer#DATABASE}. */
    public static final String BETA_DATABASE = "sigillo_beta";
    /** Alpha's IMAP port (STARTTLS); IMAPS, POP3 and POP3S follow the standard ports likewise: 1993, 1110, 1995. */
    public static final int ALPHA_IMAP_PORT = 1143;
    /** Beta's IMAP port; 2993, 2110 and 2995 for the others. */
    public static final int BETA_IMAP_PORT = 2143;

    private LocalInfrastructure() {
    }

    /**
     * {@code LocalInfrastructure DATA_DIR [--kafka-plaintext] [--no-dovecot] [--imap-client-certificates]}: the brokers require a login and hold
     * every client to its ACLs (ADR 0023), as in production, unless {@code --kafka-plaintext}; brokers formatted
     * without a login (data from before) stay so until the data is wiped. Where Dovecot is installed each provider
     * gets its own, serving IMAP and POP3 over its mailboxes (ADR 0026), unless {@code --no-dovecot}.
     */
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "data").toAbsolutePath();
        boolean plaintext = List.of(args).contains("--kafka-plaintext");
        Path ready = data.resolve("infrastructure.env");
        Files.deleteIfExists(ready);
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(POSTGRES_PORT, data.resolve("postgres"),
                postgresSettings(System.getenv("SIGILLO_POSTGRES_SETTINGS")));
        postgres.database(BETA_DATABASE);
        String adminPassword = plaintext ? null : secret(data.resolve("kafka-admin.password"));
        PersistentKafkaServer alphaKafka = plaintext
                ? PersistentKafkaServer.start(data.resolve("kafka"), ALPHA_KAFKA_PORT)
                : PersistentKafkaServer.startSecured(data.resolve("kafka"), ALPHA_KAFKA_PORT, adminPassword);
        PersistentKafkaServer betaKafka = plaintext
                ? PersistentKafkaServer.start(data.resolve("kafka-beta"), BETA_KAFKA_PORT)
                : PersistentKafkaServer.startSecured(data.resolve("kafka-beta"), BETA_KAFKA_PORT, adminPassword);
        FakeClamd clamd = FakeClamd.start(CLAMD_PORT);
        boolean dovecots = DovecotServer.available() && !List.of(args).contains("--no-dovecot");
        // SASL EXTERNAL is opt-in at Dovecot: it cannot offer it only to clients with a certificate, and clients
        // built on Cyrus SASL (mutt, mbsync) pick it whenever offered (ADR 0028).
        Path clientCas = List.of(args).contains("--imap-client-certificates") ? clientCas(data) : null;
        DovecotServer alphaDovecot = dovecots ? dovecot(data, "pec.alpha.example", ALPHA_IMAP_PORT, 8082, clientCas)
                : null;
        DovecotServer betaDovecot = dovecots ? dovecot(data, "pec.beta.example", BETA_IMAP_PORT, 8092, clientCas)
                : null;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (dovecots) {
                alphaDovecot.close();
                betaDovecot.close();
            }
            clamd.close();
            betaKafka.close();
            alphaKafka.close();
            postgres.close();
            stopped.countDown();
        }, "local-infrastructure-stop"));
        Files.write(ready, List.of(
                "POSTGRES_PORT=" + postgres.port(),
                "POSTGRES_USER=" + postgres.username(),
                "POSTGRES_PASSWORD=" + postgres.password(),
                "ALPHA_DATABASE=" + EmbeddedPostgresServer.DATABASE,
                "BETA_DATABASE=" + BETA_DATABASE,
                "ALPHA_KAFKA_BOOTSTRAP_SERVERS=" + alphaKafka.bootstrapServers(),
                "BETA_KAFKA_BOOTSTRAP_SERVERS=" + betaKafka.bootstrapServers(),
                "ALPHA_KAFKA_LOGIN=" + alphaKafka.secured(),
                "BETA_KAFKA_LOGIN=" + betaKafka.secured(),
                "KAFKA_ADMIN_PASSWORD=" + (adminPassword == null ? "" : adminPassword),
                "CLAMD_PORT=" + clamd.port(),
                "DOVECOT=" + dovecots,
                "DOVECOT_PACKAGES=\"" + DovecotServer.packages() + "\"",
                "ALPHA_DOVECOT_AUTH_KEY=" + (dovecots ? alphaDovecot.settings().authKey() : ""),
                "ALPHA_DOVECOT_MASTER_PASSWORD=" + (dovecots ? alphaDovecot.settings().masterPassword() : ""),
                "BETA_DOVECOT_AUTH_KEY=" + (dovecots ? betaDovecot.settings().authKey() : ""),
                "BETA_DOVECOT_MASTER_PASSWORD=" + (dovecots ? betaDovecot.settings().masterPassword() : ""),
                "ALPHA_SESSIONS_KEY=" + sessionKey(data.resolve("sessions-pec.alpha.example.key")),
                "BETA_SESSIONS_KEY=" + sessionKey(data.resolve("sessions-pec.beta.example.key"))));
        System.out.println("PostgreSQL on port " + postgres.port() + " (databases " + EmbeddedPostgresServer.DATABASE
                + ", " + BETA_DATABASE + "), Kafka for alpha on " + alphaKafka.bootstrapServers() + " and for beta on "
                + betaKafka.bootstrapServers() + " (data in " + data + ")");
        Path control = Files.createDirectories(data.resolve("control"));
        while (!stopped.await(500, TimeUnit.MILLISECONDS)) {
            restartWhenAsked(control.resolve("restart-kafka-alpha"), alphaKafka);
            restartWhenAsked(control.resolve("restart-kafka-beta"), betaKafka);
        }
    }

    /**
     * A provider's Dovecot on {@code imapPort} and the three ports after the standard ones likewise (IMAPS, POP3,
     * POP3S), with the demo TLS key, asking its delivery point on {@code deliveryPort} who may log in.
     */
    /**
     * Server settings from {@code SIGILLO_POSTGRES_SETTINGS}, {@code name=value} pairs separated by spaces (the
     * benchmark loads pg_stat_statements this way): none when it is unset.
     */
    static Map<String, String> postgresSettings(String text) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (text != null) {
            for (String pair : text.trim().split("\\s+")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    if (!pair.isEmpty()) {
                        throw new IllegalArgumentException("SIGILLO_POSTGRES_SETTINGS: not name=value: " + pair);
                    }
                    continue;
                }
                settings.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return settings;
    }

    private static DovecotServer dovecot(Path data, String domain, int imapPort, int deliveryPort, Path clientCas)
            throws IOException {
        int prefix = imapPort / 1000 * 1000;
        Path home = Files.createDirectories(data.resolve("dovecot").resolve(domain));
        return DovecotServer.start(new DovecotServer.Settings("sigillo-" + domain, home, imapPort, prefix + 993,
                prefix + 110, prefix + 995, data.resolve("pki").resolve(domain + ".smtp.p12"), "sigillo-demo",
                "http://127.0.0.1:" + deliveryPort, secret(home.resolve("auth.key")), "sigillo-delivery",
                secret(home.resolve("master.password")), clientCas));
    }

    /** The demo client CA that ./sigillo-local makes beside the demo PKI (ADR 0028), when it is there. */
    private static Path clientCas(Path data) {
        Path cas = data.resolve("pki").resolve("clients-ca.pem");
        return Files.exists(cas) ? cas : null;
    }

    /** A secret made on the first run and kept with the data (readable by its owner): a broker's or Dovecot's. */
    private static String secret(Path file) throws IOException {
        return secret(file, 24, HexFormat.of()::formatHex);
    }

    /** A provider's key for session tokens (256 bits in Base64), made on the first run and kept with the data. */
    private static String sessionKey(Path file) throws IOException {
        return secret(file, 32, Base64.getEncoder()::encodeToString);
    }

    private static String secret(Path file, int bytes, Function<byte[], String> text) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file).strip();
        }
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        String password = text.apply(random);
        Files.writeString(file, password);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return password;
    }

    private static void restartWhenAsked(Path request, PersistentKafkaServer broker) throws IOException {
        if (Files.exists(request)) {
            System.out.println("restarting the Kafka broker on " + broker.bootstrapServers());
            broker.restart();
            System.out.println("the Kafka broker on " + broker.bootstrapServers() + " is back");
            Files.delete(request);
        }
    }
}
