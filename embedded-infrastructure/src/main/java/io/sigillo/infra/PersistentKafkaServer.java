package io.sigillo.infra;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node KRaft Kafka broker in-process whose log lives in a directory of ours, so topics, records and
 * consumer offsets survive a restart: the local run's broker. The directory is formatted on first start only.
 */
public final class PersistentKafkaServer implements KafkaAccess, AutoCloseable {

    /** The super user of a secured broker, who provisions topics, users and ACLs. */
    public static final String ADMIN = "sigillo-admin";
    private static final String MECHANISM = "SCRAM-SHA-512";
    private static final String SECURED_MARK = "sigillo-secured";

    private final KafkaConfig config;
    private final int port;
    private final String adminPassword;
    private final Tls tls;
    private KafkaRaftServer server;

    private PersistentKafkaServer(KafkaConfig config, int port, String adminPassword, Tls tls) {
        this.config = config;
        this.port = port;
        this.adminPassword = adminPassword;
        this.tls = tls;
    }

    /** Starts the broker on {@code port} (its controller on the next port) with its log in {@code logDir}. */
    public static PersistentKafkaServer start(Path logDir, int port) {
        return start(logDir, port, null, null);
    }

    /**
     * Starts a broker whose clients log in with SCRAM-SHA-512 and may do only what ACLs allow them (ADR 0023), with
     * the super user {@link #ADMIN} created with {@code adminPassword} when the log is formatted. A log formatted
     * without it stays unauthenticated: {@link #secured()} says which one started.
     */
    public static PersistentKafkaServer startSecured(Path logDir, int port, String adminPassword) {
        return start(logDir, port, adminPassword, null);
    }

    /**
     * The same over TLS (SASL_SSL): the broker serves {@code tls}'s key, and its clients must trust the CA
     * {@code tls} names.
     */
    public static PersistentKafkaServer startSecured(Path logDir, int port, String adminPassword, Tls tls) {
        return start(logDir, port, adminPassword, tls);
    }

    /**
     * A broker's TLS: its PKCS#12 key store and password, and the PEM file of the CA that signed it, which clients
     * trust.
     */
    public record Tls(Path keyStore, String password, Path caPem) {
    }

    private static PersistentKafkaServer start(Path logDir, int port, String adminPassword, Tls tls) {
        try {
            Files.createDirectories(logDir);
            boolean formatted = Files.exists(logDir.resolve("meta.properties"));
            Path securedMark = logDir.resolve(SECURED_MARK);
            boolean secured = adminPassword != null && (!formatted || Files.exists(securedMark));
            int controllerPort = port + 1;
            Properties p = new Properties();
            p.put("process.roles", "broker,controller");
            p.put("node.id", "1");
            p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
            String listener = !secured ? "PLAINTEXT" : tls == null ? "SASL_PLAINTEXT" : "SASL_SSL";
            p.put("listeners", listener + "://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
            p.put("advertised.listeners", listener + "://localhost:" + port);
            p.put("controller.listener.names", "CONTROLLER");
            p.put("listener.security.protocol.map", listener + ":" + listener + ",CONTROLLER:PLAINTEXT");
            p.put("inter.broker.listener.name", listener);
            if (secured) {
                p.put("sasl.enabled.mechanisms", MECHANISM);
                p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
                p.put("listener.name." + listener.toLowerCase(Locale.ROOT) + ".scram-sha-512.sasl.jaas.config",
                        adminLogin(adminPassword));
                if (tls != null) {
                    p.put("ssl.keystore.type", "PKCS12");
                    p.put("ssl.keystore.location", tls.keyStore().toString());
                    p.put("ssl.keystore.password", tls.password());
                    p.put("ssl.key.password", tls.password());
                    p.putAll(trust(tls));
                }
                p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
                // The controller listener is plaintext on the loopback only: the broker reaches its own controller
                // there as ANONYMOUS, which must be allowed cluster actions.
                p.put("super.users", "User:" + ADMIN + ";User:ANONYMOUS");
                p.put("allow.everyone.if.no.acl.found", "false");
            }
            p.put("log.dirs", logDir.toString());
            p.put("num.partitions", "3");
            p.put("auto.create.topics.enable", String.valueOf(!secured));
            p.put("offsets.topic.replication.factor", "1");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("group.initial.rebalance.delay.ms", "0");
            p.put("message.max.bytes", String.valueOf(4 * 1024 * 1024));
            // Sized for one machine's local run, where idle CPU counts: a handful of threads instead of Kafka's
            // server defaults (3 network, 8 I/O), and the controller's keep-alive record every 10 s, not 0.5 s.
            p.put("num.network.threads", "1");
            p.put("num.io.threads", "2");
            p.put("background.threads", "2");
            p.put("metadata.max.idle.interval.ms", "10000");
            KafkaConfig config = KafkaConfig.fromProps(p, false);
            if (!formatted) {
                Formatter formatter = new Formatter().setPrintStream(new PrintStream(System.out, true))
                        .setNodeId(1)
                        .setClusterId(Uuid.randomUuid().toString())
                        .setDirectories(List.of(logDir.toString()))
                        .setMetadataLogDirectory(logDir.toString())
                        .setControllerListenerName("CONTROLLER")
                        .setReleaseVersion(MetadataVersion.latestProduction())
                        .setSupportedFeatures(Feature.PRODUCTION_FEATURES);
                if (secured) {
                    formatter.setScramArguments(List.of(
                            MECHANISM + "=[name=" + ADMIN + ",password=" + adminPassword + "]"));
                }
                formatter.run();
                if (secured) {
                    Files.writeString(securedMark, "formatted with the super user " + ADMIN + "\n");
                }
            }
            PersistentKafkaServer broker = new PersistentKafkaServer(config, port, secured ? adminPassword : null,
                    secured ? tls : null);
            broker.startup();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("Kafka did not start in " + logDir, e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not start in " + logDir + ": " + e.getMessage(), e);
        }
    }

    /** True when clients must log in (and are held to ACLs). */
    public boolean secured() {
        return adminPassword != null;
    }

    /** The password of the super user {@link #ADMIN} of a secured broker, for the tools that provision it. */
    public String adminPassword() {
        if (adminPassword == null) {
            throw new IllegalStateException("the broker on " + bootstrapServers() + " requires no login");
        }
        return adminPassword;
    }

    @Override
    public Map<String, Object> adminSettings() {
        if (adminPassword == null) {
            return KafkaAccess.super.adminSettings();
        }
        Map<String, Object> settings = new HashMap<>(Map.of("bootstrap.servers", bootstrapServers(),
                "security.protocol", tls == null ? "SASL_PLAINTEXT" : "SASL_SSL",
                "sasl.mechanism", MECHANISM,
                "sasl.jaas.config", adminLogin(adminPassword)));
        if (tls != null) {
            settings.putAll(trust(tls));
        }
        return settings;
    }

    /** The TLS of a broker that requires it; null for one without. */
    public Tls tls() {
        return tls;
    }

    /** What a client of {@code tls}'s broker trusts: its CA, as PEM. */
    private static Map<String, String> trust(Tls tls) {
        return Map.of("ssl.truststore.type", "PEM", "ssl.truststore.location", tls.caPem().toString());
    }

    /** The super user's JAAS line; its password is one of ours, made of letters and digits. */
    private static String adminLogin(String adminPassword) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + ADMIN
                + "\" password=\"" + adminPassword + "\";";
    }

    @Override
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    private synchronized void startup() {
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
    }

    /** Stops the broker cleanly and starts it again on the same log, as a rolling restart does. */
    public synchronized void restart() {
        close();
        startup();
    }

    @Override
    public synchronized void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
