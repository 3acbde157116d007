package io.sigillo.deliverypoint.credentials;

import io.sigillo.pec.event.MailboxRegistered;
import io.sigillo.support.credentials.AppPasswords;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The app passwords of this provider's mailboxes, in PostgreSQL. */
@Repository
public class AppPasswordStore {

    /** The most app passwords one mailbox may have: one per client, and a listing a person can read. */
    public static final int MAX_PER_MAILBOX = 20;

    /**
     * An app password as its owner sees it listed: never its secret.
     *
     * @param id         its identifier
     * @param name       what the owner called it (the client it is for)
     * @param createdAt  when it was made
     * @param expiresAt  when it stops working, or null for never
     * @param lastUsedAt when a client last logged in with it, or null for never
     */
    public record Listed(UUID id, String name, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {
    }

    /** A new app password, with the secret the owner is shown this once. */
    public record Created(Listed password, String secret) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    public AppPasswordStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Makes a new app password for {@code mailbox}, working for {@code validFor} (null: until revoked); empty when
     * the mailbox already has {@link #MAX_PER_MAILBOX}.
     */
    public Optional<Created> create(String mailbox, String name, Duration validFor) {
        // One at a time per mailbox, so two requests at once cannot both pass the count.
        jdbc.sql("SELECT 1 FROM mailboxes WHERE address = ? FOR UPDATE").param(mailbox).query(Integer.class).list();
        long held = jdbc.sql("SELECT count(*) FROM app_passwords WHERE mailbox = ?").param(mailbox)
                .query(Long.class).single();
        if (held >= MAX_PER_MAILBOX) {
            return Optional.empty();
        }
        String secret = AppPasswords.generate();
        Instant now = clock.instant();
        Instant expiresAt = validFor == null ? null : now.plus(validFor);
        Listed listed = new Listed(UUID.randomUUID(), name, now, expiresAt, null);
        jdbc.sql("INSERT INTO app_passwords (id, mailbox, name, sha256, created_at, expires_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(listed.id(), mailbox, name, AppPasswords.sha256(secret), Timestamp.from(listed.createdAt()),
                        expiresAt == null ? null : Timestamp.from(expiresAt))
                .update();
        return Optional.of(new Created(listed, secret));
    }

    /** The mailbox's app passwords, oldest first. */
    public List<Listed> list(String mailbox) {
        return jdbc.sql("SELECT id, name, created_at, expires_at, last_used_at FROM app_passwords WHERE mailbox = ? "
                        + "ORDER BY created_at, id")
                .param(mailbox)
                .query((rs, n) -> new Listed(rs.getObject(1, UUID.class), rs.getString(2), instant(rs.getObject(3,
                        OffsetDateTime.class)), instant(rs.getObject(4, OffsetDateTime.class)),
                        instant(rs.getObject(5, OffsetDateTime.class))))
                .list();
    }

    /** Revokes every app password of {@code mailbox}, as a reset of its credentials does. */
    public void revokeAll(String mailbox) {
        jdbc.sql("DELETE FROM app_passwords WHERE mailbox = ?").param(mailbox).update();
    }

    /** Revokes one app password of {@code mailbox}; false when it has none with that id. */
    public boolean revoke(String mailbox, UUID id) {
        return jdbc.sql("DELETE FROM app_passwords WHERE mailbox = ? AND id = ?").params(mailbox, id).update() == 1;
    }

    /**
     * Notes that a client logged in with app password {@code id} at {@code at}; at most once a minute per password,
     * since a client may log in every few seconds.
     */
    public void used(String id, Instant at) {
        jdbc.sql("UPDATE app_passwords SET last_used_at = ? WHERE id = ? "
                        + "AND (last_used_at IS NULL OR last_used_at < ?)")
                .params(Timestamp.from(at), UUID.fromString(id), Timestamp.from(at.minus(Duration.ofMinutes(1))))
                .update();
    }

    /**
     * As {@link #used(String, Instant)}, for a use another service reports: of {@code mailbox}'s own password only,
     * and never moving the date back.
     */
    public void used(String mailbox, String id, Instant at) {
        UUID password;
        try {
            password = UUID.fromString(id);
        } catch (IllegalArgumentException notOurs) {
            return;
        }
        jdbc.sql("UPDATE app_passwords SET last_used_at = ? WHERE id = ? AND mailbox = ? "
                        + "AND (last_used_at IS NULL OR last_used_at < ?)")
                .params(Timestamp.from(at), password, mailbox, Timestamp.from(at))
                .update();
    }

    /** What the services that check mail clients' logins must know: the hashes of those not yet expired. */
    public List<MailboxRegistered.AppPassword> forLogins(String mailbox) {
        return jdbc.sql("SELECT id, sha256, expires_at FROM app_passwords WHERE mailbox = ? "
                        + "AND (expires_at IS NULL OR expires_at > ?) ORDER BY created_at, id")
                .params(mailbox, Timestamp.from(clock.instant()))
                .query((rs, n) -> new MailboxRegistered.AppPassword(rs.getString(1), rs.getString(2),
                        instant(rs.getObject(3, OffsetDateTime.class))))
                .list();
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
