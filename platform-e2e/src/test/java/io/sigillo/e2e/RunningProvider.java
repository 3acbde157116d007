package io.sigillo.e2e;

import static org.awaitility.Awaitility.await;

import io.sigillo.infra.DovecotServer;
import io.sigillo.infra.FreePorts;
import io.sigillo.infra.PersistentKafkaServer;
import io.sigillo.infra.PostgresAccess;
import io.sigillo.pec.pki.DemoPki;
import io.sigillo.pec.testing.TestPki;
import java.io.File;
import java.io.IOException;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One provider as production runs it, each service its own JVM from its executable jar, or as the local run does,
 * its five services in one JVM (the provider process); configured only by environment variables, here against
 * embedded Kafka and PostgreSQL, with its SMTP incoming point on a fixed port that the providers' index names.
 */
final class RunningProvider implements AutoCloseable {

    static final List<String> SERVICES = List.of("access-point-service", "delivery-point-service",
            "audit-log-service", "receipt-service", "incoming-point-service");

    /**
     * The heap of a provider process: its five services live in about 90 MB, and a 20 MB message must pass with each
     * service holding it at most once; an OutOfMemoryError ends the process, as in production.
     */
    static final String HEAP = "-Xmx256m";

    /** The heap of one service in its own JVM, bounded for the same reason. */
    static final String SERVICE_HEAP = "-Xmx160m";

    /**
     * What makes this provider itself.
     *
     * @param domain   its PEC domain
     * @param name     its legal name, as receipts carry it
     * @param smtpPort where its incoming point listens (the index says so)
     * @param pki      the demo PKI: DOMAIN.p12 signs, DOMAIN.smtp.p12 serves TLS, ca.pem is trusted
     * @param index    the providers' index every service reads
     * @param pg       its own database
     * @param kafka    its own Kafka
     * @param kafkaPasswords where the Kafka password of each service is (a file named after it), when the broker
     *                 requires a login; null when it does not
     * @param clamd    the port of the (fake) clamd every service asks
     * @param scanAtAccessPoint false to let a virus through acceptance, so another provider's incoming point
     *                 meets it
     * @param oneJvm   true to run the five services in one provider process, as ./sigillo-local does (here with
     *                 C1 only, as the tests' other JVMs, for a quicker start)
     * @param mailPorts the first of eight ports for mail clients: SMTP submission (STARTTLS, TLS), then IMAP, IMAPS,
     *                 POP3 and POP3S of the provider's Dovecot, started where it is installed (ADR 0026), then the
     *                 submission and mailbox APIs over TLS with client certificates (ADR 0028)
     */
    record Setup(String domain, String name, int smtpPort, Path pki, Path index, PostgresAccess pg,
            PersistentKafkaServer kafka, Path kafkaPasswords, int clamd, boolean scanAtAccessPoint, boolean oneJvm,
            int mailPorts) {
    }

    private final Setup setup;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private final Path logs;
    private final DovecotServer dovecot;

    RunningProvider(Path work, Setup setup) throws IOException {
        this.setup = setup;
        Path root = Path.of(System.getProperty("sigillo.root", ".."));
        String version = System.getProperty("sigillo.version", "0.1.0-SNAPSHOT");
        logs = Files.createDirectories(work.resolve("logs").resolve(setup.domain()));
        for (String service : SERVICES) {
            ports.put(service, freePort());
        }
        int imap = setup.mailPorts() + 2;
        // Alpha's Dovecot takes client certificates (SASL EXTERNAL, ADR 0028), beta's does not: a Dovecot offering
        // EXTERNAL has mbsync pick it, and the mbsync test reads beta's, as a provider without it.
        boolean alpha = setup.domain().equals("pec.alpha.example");
        // It asks the delivery point who may log in only when someone does: it can start before the services.
        dovecot = DovecotServer.available() ? DovecotServer.start(new DovecotServer.Settings("e2e-" + setup.domain(),
                work.resolve("dovecot").resolve(setup.domain()), imap, imap + 1, imap + 2, imap + 3,
                setup.pki().resolve(setup.domain() + ".smtp.p12"), DemoPki.DEMO_PASSWORD,
                url("delivery-point-service").replace("localhost", "127.0.0.1"), "e2e-dovecot-key", "sigillo-delivery",
                "e2e-master-" + setup.domain(), alpha ? TestPki.get().clientCaPem() : null)) : null;
        if (setup.oneJvm()) {
            if (!setup.scanAtAccessPoint()) {
                throw new IllegalArgumentException("one provider process scans everywhere: its services share one "
                        + "environment");
            }
            // The process appends to each service's file: start from empty ones, so no earlier run's lines count.
            for (String service : SERVICES) {
                Files.deleteIfExists(logs.resolve(service + ".log"));
            }
            Path process = root.resolve("provider-process").resolve("target");
            Path classpath = process.resolve("provider-process.classpath");
            if (!Files.exists(classpath)) {
                throw new IllegalStateException(classpath + " is missing: build first (./mvnw -B verify)");
            }
            ProcessBuilder builder = new ProcessBuilder(javaBinary(), HEAP, "-XX:+ExitOnOutOfMemoryError",
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                    process.resolve("classes") + File.pathSeparator + Files.readString(classpath).strip(),
                    "io.sigillo.local.ProviderProcess", "--ports=" + ports.values().stream().map(String::valueOf)
                            .collect(Collectors.joining(",")), "--logs=" + logs)
                    .redirectErrorStream(true)
                    .redirectOutput(logs.resolve("provider-process.out").toFile());
            String url = setup.pg().jdbcUrl("public");
            environment(builder.environment(), "clamd", url.substring(0, url.lastIndexOf("currentSchema=") - 1));
            if (setup.kafkaPasswords() != null) {
                builder.environment().put("SIGILLO_KAFKA_PASSWORDS_DIR", setup.kafkaPasswords().toString());
            }
            processes.add(builder.start());
            return;
        }
        for (String service : SERVICES) {
            Path jar = root.resolve(service).resolve("target").resolve(service + "-" + version + "-exec.jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: build the services first (./mvnw -B verify)");
            }
            ProcessBuilder builder = new ProcessBuilder(javaBinary(), SERVICE_HEAP, "-XX:+ExitOnOutOfMemoryError",
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(logs.resolve(service + ".log").toFile());
            Map<String, String> env = builder.environment();
            boolean scans = setup.scanAtAccessPoint() || !service.equals("access-point-service");
            environment(env, scans ? "clamd" : "none", setup.pg().jdbcUrl(service.substring(0, service.indexOf('-'))));
            env.put("SERVER_PORT", String.valueOf(ports.get(service)));
            if (setup.kafkaPasswords() != null) {
                env.put("SIGILLO_KAFKA_PASSWORD", Files.readString(setup.kafkaPasswords().resolve(service)).strip());
            }
            processes.add(builder.start());
        }
    }

    /** The settings of a Kafka client logged in to this provider's brokers as their super user. */
    Map<String, Object> kafkaAdministrator() {
        return setup.kafka().adminSettings();
    }

    /** How this provider's console reaches its Kafka, as the console's own user (ADR 0037), by environment. */
    Map<String, String> consoleKafka() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("SIGILLO_CONSOLE_KAFKA_BOOTSTRAP_SERVERS", setup.kafka().bootstrapServers());
        if (setup.kafkaPasswords() != null) {
            env.put("SIGILLO_CONSOLE_KAFKA_PASSWORD", Files.readString(setup.kafkaPasswords().resolve("console"))
                    .strip());
        }
        if (setup.kafka().tls() != null) {
            env.put("SIGILLO_CONSOLE_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
            env.put("SIGILLO_CONSOLE_KAFKA_TRUSTSTORE_LOCATION", setup.kafka().tls().caPem().toString());
            env.put("SIGILLO_CONSOLE_KAFKA_TRUSTSTORE_TYPE", "PEM");
        }
        return env;
    }

    /** What every service of this provider is told, as production tells it: by environment. */
    private void environment(Map<String, String> env, String scanner, String database) {
        env.put("SPRING_PROFILES_ACTIVE", "local");
        env.put("SPRING_DATASOURCE_URL", database);
        env.put("SPRING_DATASOURCE_USERNAME", setup.pg().username());
        env.put("SPRING_DATASOURCE_PASSWORD", setup.pg().password());
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", setup.kafka().bootstrapServers());
        if (setup.kafka().tls() != null) {
            // As a deployment whose brokers speak TLS: Spring Boot's trust store, the CA as PEM.
            env.put("SIGILLO_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
            env.put("SPRING_KAFKA_SSL_TRUST_STORE_LOCATION", "file:" + setup.kafka().tls().caPem());
            env.put("SPRING_KAFKA_SSL_TRUST_STORE_TYPE", "PEM");
        }
        env.put("SIGILLO_PROVIDER_DOMAIN", setup.domain());
        env.put("SIGILLO_PROVIDER_NAME", setup.name());
        env.put("SIGILLO_INDEX_PATH", setup.index().toString());
        env.put("SIGILLO_SIGNING_KEYSTORE_PATH", setup.pki().resolve(setup.domain() + ".p12").toString());
        env.put("SIGILLO_SIGNING_KEYSTORE_PASSWORD", DemoPki.DEMO_PASSWORD);
        env.put("SIGILLO_INCOMING_SMTP_PORT", String.valueOf(setup.smtpPort()));
        env.put("SIGILLO_INCOMING_SMTP_KEYSTORE_PATH", setup.pki().resolve(setup.domain() + ".smtp.p12").toString());
        env.put("SIGILLO_INCOMING_SMTP_KEYSTORE_PASSWORD", DemoPki.DEMO_PASSWORD);
        env.put("SIGILLO_RELAY_TRUST_CA_PATH", setup.pki().resolve("ca.pem").toString());
        env.put("SIGILLO_RELAY_POLL_INTERVAL", "200ms");
        env.put("SIGILLO_RELAY_BACKOFF_INITIAL", "1s");
        env.put("SIGILLO_VIRUS_SCANNER", scanner);
        env.put("SIGILLO_VIRUS_CLAMD_PORT", String.valueOf(setup.clamd()));
        env.put("SIGILLO_SUBMISSION_SMTP_START_TLS_PORT", String.valueOf(setup.mailPorts()));
        env.put("SIGILLO_SUBMISSION_SMTP_TLS_PORT", String.valueOf(setup.mailPorts() + 1));
        env.put("SIGILLO_SUBMISSION_SMTP_KEYSTORE_PATH", setup.pki().resolve(setup.domain() + ".smtp.p12").toString());
        env.put("SIGILLO_SUBMISSION_SMTP_KEYSTORE_PASSWORD", DemoPki.DEMO_PASSWORD);
        env.put("SIGILLO_CLIENT_CERTIFICATES_CA_PATH", TestPki.get().clientCaPem().toString());
        env.put("SIGILLO_CLIENT_CERTIFICATES_KEYSTORE_PATH", setup.pki().resolve(setup.domain() + ".smtp.p12")
                .toString());
        env.put("SIGILLO_CLIENT_CERTIFICATES_KEYSTORE_PASSWORD", DemoPki.DEMO_PASSWORD);
        env.put("SIGILLO_SUBMISSION_HTTPS_PORT", String.valueOf(submissionHttpsPort()));
        env.put("SIGILLO_MAILBOX_HTTPS_PORT", String.valueOf(mailboxHttpsPort()));
        env.put("SIGILLO_MAIL_CLIENTS_HOST", "localhost");
        env.put("SIGILLO_MAIL_CLIENTS_SUBMISSION_START_TLS_PORT", String.valueOf(setup.mailPorts()));
        env.put("SIGILLO_MAIL_CLIENTS_SUBMISSION_TLS_PORT", String.valueOf(setup.mailPorts() + 1));
        env.put("SIGILLO_MAIL_CLIENTS_IMAP_PORT", String.valueOf(setup.mailPorts() + 2));
        env.put("SIGILLO_MAIL_CLIENTS_IMAPS_PORT", String.valueOf(setup.mailPorts() + 3));
        env.put("SIGILLO_MAIL_CLIENTS_POP3S_PORT", String.valueOf(setup.mailPorts() + 5));
        // The provider's one key for session tokens, so its access point takes what its delivery point issued.
        env.put("SIGILLO_SESSIONS_KEY", Base64.getEncoder().encodeToString(
                ("session tokens of " + setup.domain() + " in the end-to-end tests").getBytes(StandardCharsets.UTF_8)));
        if (dovecot != null) {
            DovecotServer.Settings d = dovecot.settings();
            env.put("SIGILLO_DOVECOT_HOST", "localhost");
            env.put("SIGILLO_DOVECOT_IMAPS_PORT", String.valueOf(d.imapsPort()));
            env.put("SIGILLO_DOVECOT_MASTER_USER", d.masterUser());
            env.put("SIGILLO_DOVECOT_MASTER_PASSWORD", d.masterPassword());
            env.put("SIGILLO_DOVECOT_AUTH_KEY", d.authKey());
            env.put("SIGILLO_DOVECOT_TRUST_CA_PATH", setup.pki().resolve("ca.pem").toString());
        }
    }

    /** The submission API over TLS, where a client certificate logs in (ADR 0028). */
    int submissionHttpsPort() {
        return setup.mailPorts() + 6;
    }

    /** The mailbox API over TLS, where a client certificate logs in. */
    int mailboxHttpsPort() {
        return setup.mailPorts() + 7;
    }

    /** Where mail clients submit: STARTTLS (as 587); the next port takes TLS from the start (as 465). */
    int submissionPort() {
        return setup.mailPorts();
    }

    /** The provider's Dovecot, which keeps its mailboxes and serves IMAP and POP3; null where it is not installed. */
    DovecotServer dovecot() {
        return dovecot;
    }

    /** Waits until every service answers healthy. */
    void awaitHealthy() {
        HttpClient http = HttpClient.newHttpClient();
        for (String service : SERVICES) {
            await(service + " healthy").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(
                            URI.create(url(service) + "/actuator/health")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        }
    }

    /** Where its SMTP incoming point listens. */
    int smtpPort() {
        return setup.smtpPort();
    }

    /** The base URL of a service. */
    String url(String service) {
        return "http://localhost:" + ports.get(service);
    }

    /** The providers' index its services read. */
    Path index() {
        return setup.index();
    }

    /** Where each service's output went, for a failing test's report. */
    Path logs() {
        return logs;
    }

    /** True while every service's process runs (an OutOfMemoryError would have ended one). */
    boolean isAlive() {
        return processes.stream().allMatch(Process::isAlive);
    }

    /** Asks every service to stop (SIGTERM), without waiting. */
    void terminate() {
        processes.forEach(Process::destroy);
    }

    /**
     * Stops every service, killing those still running after a few seconds in all. At the test JVM's exit the shared
     * brokers stop at the same moment, so a graceful stop can hang on them: waiting 20 s per service, as before, made
     * Surefire kill the fork after 30 s.
     */
    @Override
    public void close() {
        terminate();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        for (Process p : processes) {
            try {
                if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        if (dovecot != null) {
            dovecot.close();
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : ""))
                .toString();
    }

    static int freePort() throws IOException {
        return FreePorts.take(1);
    }
}
