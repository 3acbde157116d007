package io.sigillo.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** A real PostgreSQL server started in-process from packaged binaries: for the local run and the tests. */
public final class EmbeddedPostgresServer implements PostgresAccess, AutoCloseable {

    /** The one database every service uses; each service owns a schema in it. */
    public static final String DATABASE = "sigillo";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL on {@code port} (0 for any free port). With a {@code dataDirectory} the data survives
     * restarts; without one it lives in a temporary folder removed on close.
     */
    public static EmbeddedPostgresServer start(int port, Path dataDirectory) {
        return start(port, dataDirectory, Map.of());
    }

    /** As {@link #start(int, Path)}, with server {@code settings} added or overriding its own. */
    public static EmbeddedPostgresServer start(int port, Path dataDirectory, Map<String, String> settings) {
        try {
            // A kept data folder (the local run) is as durable as a production server: a commit is on disk when it
            // returns, so a crash loses nothing a service was told is stored. The tests' throwaway servers trade
            // that for speed.
            boolean durable = dataDirectory != null;
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off");
            settings.forEach(builder::setServerConfig);
            if (port > 0) {
                builder.setPort(port);
            }
            if (dataDirectory != null) {
                Files.createDirectories(dataDirectory);
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(builder.start());
            server.createDatabaseIfMissing();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start: " + e.getMessage(), e);
        }
    }

    /** The port it listens on. */
    public int port() {
        return postgres.getPort();
    }

    @Override
    public String jdbcUrl(String schema) {
        return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE + "?currentSchema=" + schema;
    }

    @Override
    public String username() {
        return "postgres";
    }

    @Override
    public String password() {
        return "postgres";
    }

    private void createDatabaseIfMissing() {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + DATABASE + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
