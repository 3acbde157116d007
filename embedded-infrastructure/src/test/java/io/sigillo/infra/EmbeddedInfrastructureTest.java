package io.sigillo.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InfrastructureAvailable.class)
class EmbeddedInfrastructureTest {

    @Test
    void postgresAcceptsSqlInTheSigilloDatabase() throws Exception {
        PostgresAccess pg = SharedTestInfrastructure.postgres();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("public"), pg.username(), pg.password());
                Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT current_database(), version()");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("sigillo");
            assertThat(rs.getString(2)).startsWith("PostgreSQL");
        }
    }

    @Test
    void postgresKeepsDataAcrossRestartsInADataDirectoryAndTakesSettingsAtEachStart() throws Exception {
        Path dir = Files.createTempDirectory("pgdata");
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(0, dir);
                Connection c = DriverManager.getConnection(first.jdbcUrl("public"), "postgres", "postgres");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (v text PRIMARY KEY)");
            s.execute("INSERT INTO kept VALUES ('still here')");
        }
        Map<String, String> settings = LocalInfrastructure.postgresSettings(
                " shared_preload_libraries=pg_stat_statements  work_mem=7MB ");
        try (EmbeddedPostgresServer second = EmbeddedPostgresServer.start(0, dir, settings);
                Connection c = DriverManager.getConnection(second.jdbcUrl("public"), "postgres", "postgres");
                Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT v FROM kept");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("still here");
            rs = s.executeQuery("SHOW work_mem");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("7MB");
            // The library the benchmark preloads is in the packaged binaries, and its view answers once created.
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            rs = s.executeQuery("SELECT count(*) FROM pg_stat_statements WHERE query LIKE 'SELECT v FROM kept%'");
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
        }
    }

    @Test
    void theLocalRunsPostgresSettingsAreNameValuePairsSeparatedBySpaces() {
        assertThat(LocalInfrastructure.postgresSettings(null)).isEmpty();
        assertThat(LocalInfrastructure.postgresSettings("a=1 b=x=y")).containsExactly(
                Map.entry("a", "1"), Map.entry("b", "x=y"));
        assertThatThrownBy(() -> LocalInfrastructure.postgresSettings("a=1 b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("b");
    }

    @Test
    void theLocalKafkaKeepsRecordsAcrossRestartsInItsDirectory() throws Exception {
        Path dir = Files.createTempDirectory("kafka-log");
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (PersistentKafkaServer first = PersistentKafkaServer.start(dir, port)) {
            new TopicProbe(first.bootstrapServers()).send("kept.records", "k", "before restart".getBytes());
        }
        try (PersistentKafkaServer second = PersistentKafkaServer.start(dir, port)) {
            var records = new TopicProbe(second.bootstrapServers()).await("kept.records", r -> "k".equals(r.key()), 1,
                    Duration.ofSeconds(60));
            assertThat(records).hasSize(1);
            assertThat(new String(records.get(0).value())).isEqualTo("before restart");
        }
    }

    @Test
    void kafkaCarriesARecordFromProducerToConsumer() {
        String servers = SharedTestInfrastructure.kafka().bootstrapServers();
        try (var producer = new KafkaProducer<String, String>(Map.of("bootstrap.servers", servers),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("infra.check", "key", "hello"));
        }
        try (var consumer = new KafkaConsumer<String, String>(Map.of("bootstrap.servers", servers,
                "group.id", "infra-check", "auto.offset.reset", "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("infra.check"));
            String value = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (value == null && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                for (var r : records) {
                    value = r.value();
                }
            }
            assertThat(value).isEqualTo("hello");
        }
    }
}
