package io.sigillo.e2e;

import static org.awaitility.Awaitility.await;

import io.sigillo.infra.FakeClamd;
import io.sigillo.infra.FreePorts;
import io.sigillo.infra.PersistentKafkaServer;
import io.sigillo.infra.PostgresAccess;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.pec.pki.DemoPki;
import io.sigillo.pec.testing.TestPki;
import io.sigillo.operations.kafka.KafkaProvisioningTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The two demo providers, started once per test JVM and shared by the end-to-end suites: pec.alpha.example
 * and pec.beta.example, each with its own Kafka and its own database, five service processes for alpha and one
 * provider process for beta, talking to each other only by SMTP on loopback, as the providers' index says; a fake
 * clamd knows the EICAR string.
 */
final class TwoProviders {

    private static TwoProviders instance;

    final Path pki;
    final RunningProvider alpha;
    final RunningProvider beta;

    private TwoProviders() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "e2e").toAbsolutePath());
        // The test PKI, so that tests can also sign with the providers' keys (and with a rogue one).
        pki = TestPki.get().dir();
        int alphaSmtp = RunningProvider.freePort();
        int betaSmtp = RunningProvider.freePort();
        Path index = TestPki.indexWithMailHosts(pki, work.resolve("providers-index.ldif"), Map.of(
                "pec.alpha.example", "localhost:" + alphaSmtp, "pec.beta.example", "localhost:" + betaSmtp));
        PostgresAccess server = SharedTestInfrastructure.postgres();
        // A broker each, where every service logs in as itself and may do only what its ACLs allow (ADR 0023): the
        // two providers share nothing but SMTP.
        PersistentKafkaServer alphaKafka = SharedTestInfrastructure.securedKafka();
        // Beta's brokers speak TLS too (SASL_SSL), with the demo CA's certificate for localhost.
        PersistentKafkaServer betaKafka = SharedTestInfrastructure.securedKafka(new PersistentKafkaServer.Tls(
                pki.resolve("pec.beta.example.smtp.p12"), DemoPki.DEMO_PASSWORD, pki.resolve("ca.pem")));
        Path alphaPasswords = provision(alphaKafka, work.resolve("kafka-passwords-alpha"));
        Path betaPasswords = provision(betaKafka, work.resolve("kafka-passwords-beta"));
        FakeClamd clamd = FakeClamd.start(0);
        // Alpha does not scan at acceptance, so that a virus reaches beta's incoming point; beta scans everywhere.
        // Alpha runs as production does, a JVM per service; beta as ./sigillo-local does, one JVM for its five.
        alpha = new RunningProvider(work, new RunningProvider.Setup("pec.alpha.example", "Alpha PEC S.p.A. (demo)",
                alphaSmtp, pki, index, server, alphaKafka, alphaPasswords, clamd.port(), false, false,
                FreePorts.take(8)));
        beta = new RunningProvider(work, new RunningProvider.Setup("pec.beta.example", "Beta PEC S.r.l. (demo)",
                betaSmtp, pki, index, server.database("sigillo_beta"), betaKafka, betaPasswords, clamd.port(), true,
                true, FreePorts.take(8)));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Both providers stop together: neither waits out the other's grace.
            alpha.terminate();
            beta.terminate();
            alpha.close();
            beta.close();
            clamd.close();
        }, "two-providers-stop"));
        alpha.awaitHealthy();
        beta.awaitHealthy();
        // Each access point learns its senders from its delivery point over Kafka: wait until they have.
        PecClient alice = new PecClient(this, alpha, "alice@pec.alpha.example", "alice-demo");
        PecClient carol = new PecClient(this, beta, "carol@pec.beta.example", "carol-demo");
        await("senders known").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> alice.submit("{\"to\":[]}").statusCode() != 401
                        && carol.submit("{\"to\":[]}").statusCode() != 401);
    }

    /**
     * Gives {@code kafka} its topics, a user per service and their ACLs, as the Kubernetes Job does; returns where the
     * services' passwords were written.
     */
    private static Path provision(PersistentKafkaServer kafka, Path passwords) {
        Map<String, String> env = new HashMap<>(Map.of(
                "SPRING_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "SIGILLO_KAFKA_ADMIN_PASSWORD", kafka.adminPassword(),
                "SIGILLO_KAFKA_PASSWORDS_DIR", passwords.toString(),
                "SIGILLO_KAFKA_GENERATE_PASSWORDS", "true"));
        if (kafka.tls() != null) {
            env.put("SIGILLO_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
            env.put("SIGILLO_KAFKA_SSL_TRUSTSTORE_LOCATION", kafka.tls().caPem().toString());
            env.put("SIGILLO_KAFKA_SSL_TRUSTSTORE_TYPE", "PEM");
        }
        KafkaProvisioningTool.provision(env);
        return passwords;
    }

    /** The running pair, started on first use. */
    static synchronized TwoProviders get() throws Exception {
        if (instance == null) {
            instance = new TwoProviders();
        }
        return instance;
    }
}
