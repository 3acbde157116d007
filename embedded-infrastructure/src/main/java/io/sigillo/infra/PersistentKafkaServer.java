package io.sigillo.infra;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    private final KafkaConfig config;
    private final int port;
    private KafkaRaftServer server;

    private PersistentKafkaServer(KafkaConfig config, int port) {
        this.config = config;
        this.port = port;
    }

    /** Starts the broker on {@code port} (its controller on the next port) with its log in {@code logDir}. */
    public static PersistentKafkaServer start(Path logDir, int port) {
        try {
            Files.createDirectories(logDir);
            int controllerPort = port + 1;
            Properties p = new Properties();
            p.put("process.roles", "broker,controller");
            p.put("node.id", "1");
            p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
            p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
            p.put("controller.listener.names", "CONTROLLER");
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("log.dirs", logDir.toString());
            p.put("num.partitions", "3");
            p.put("auto.create.topics.enable", "true");
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
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                new Formatter().setPrintStream(new PrintStream(System.out, true))
                        .setNodeId(1)
                        .setClusterId(Uuid.randomUuid().toString())
                        .setDirectories(List.of(logDir.toString()))
                        .setMetadataLogDirectory(logDir.toString())
                        .setControllerListenerName("CONTROLLER")
                        .setReleaseVersion(MetadataVersion.latestProduction())
                        .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                        .run();
            }
            PersistentKafkaServer broker = new PersistentKafkaServer(config, port);
            broker.startup();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("Kafka did not start in " + logDir, e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not start in " + logDir + ": " + e.getMessage(), e);
        }
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
