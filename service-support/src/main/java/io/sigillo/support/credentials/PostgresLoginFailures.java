package io.sigillo.support.credentials;

import io.sigillo.blob.SharedSchema;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Failed logins counted in PostgreSQL, schema {@code logins}, shared by every replica of every service of a provider:
 * one row per account or client address that failed within the hour, counted atomically.
 */
public final class PostgresLoginFailures implements LoginFailures {

    /** The schema of the table and of its own Flyway history. */
    public static final String SCHEMA = "logins";

    private static final SharedSchema MIGRATIONS = new SharedSchema(SCHEMA, "classpath:db/logins");

    /** How often a count also deletes the rows quiet for longer than failures are remembered. */
    private static final int SWEEP_EVERY = 1000;

    private final DataSource dataSource;
    private final AtomicLong counted = new AtomicLong();

    public PostgresLoginFailures(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates or upgrades the schema as the service's own role. */
    public PostgresLoginFailures migrate() {
        MIGRATIONS.migrate(dataSource);
        return this;
    }

    /** Creates or upgrades the schema as {@code owner}, and lets {@code role} count, lock and forget. */
    public PostgresLoginFailures migrate(DataSource owner, String role) {
        MIGRATIONS.migrate(owner, role, "SELECT, INSERT, UPDATE, DELETE ON " + SCHEMA + ".login_failures",
                "SELECT, INSERT, UPDATE ON " + SCHEMA + ".code_steps");
        return this;
    }

    @Override
    public int add(Kind kind, String key, Instant now, Instant forgetBefore) {
        try (Connection c = dataSource.getConnection()) {
            if (counted.incrementAndGet() % SWEEP_EVERY == 0) {
                try (PreparedStatement sweep = c.prepareStatement("DELETE FROM " + SCHEMA
                        + ".login_failures WHERE last_at < ? AND (locked_until IS NULL OR locked_until < ?)")) {
                    sweep.setTimestamp(1, Timestamp.from(forgetBefore));
                    sweep.setTimestamp(2, Timestamp.from(now));
                    sweep.executeUpdate();
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO " + SCHEMA + ".login_failures AS f "
                    + "(kind, key_sha256, failures, last_at) VALUES (?, ?, 1, ?) ON CONFLICT (kind, key_sha256) DO "
                    + "UPDATE SET failures = CASE WHEN f.last_at < ? THEN 1 ELSE f.failures + 1 END, "
                    + "last_at = excluded.last_at RETURNING failures")) {
                s.setString(1, kind.name());
                s.setString(2, digest(key));
                s.setTimestamp(3, Timestamp.from(now));
                s.setTimestamp(4, Timestamp.from(forgetBefore));
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count a failed login: " + e.getMessage(), e);
        }
    }

    @Override
    public void lock(Kind kind, String key, Instant until) {
        update("UPDATE " + SCHEMA + ".login_failures SET locked_until = greatest(locked_until, ?) "
                + "WHERE kind = ? AND key_sha256 = ?", Timestamp.from(until), kind.name(), digest(key));
    }

    @Override
    public Counted counted(String account, String address) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT max(locked_until), coalesce(bool_or(kind = 'ACCOUNT'), false) FROM " + SCHEMA
                        + ".login_failures WHERE (kind = 'ACCOUNT' AND key_sha256 = ?) "
                        + "OR (kind = 'ADDRESS' AND key_sha256 = ?)")) {
            s.setString(1, account == null ? "" : digest(account));
            s.setString(2, address == null ? "" : digest(address));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                Timestamp until = rs.getTimestamp(1);
                return new Counted(Optional.ofNullable(until).map(Timestamp::toInstant), rs.getBoolean(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read login locks: " + e.getMessage(), e);
        }
    }

    @Override
    public void clear(Kind kind, String key) {
        update("DELETE FROM " + SCHEMA + ".login_failures WHERE kind = ? AND key_sha256 = ?", kind.name(),
                digest(key));
    }

    private void update(String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record a login failure: " + e.getMessage(), e);
        }
    }

    /** The hex SHA-256 a key is stored under. */
    static String digest(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
