package io.sigillo.deliverypoint.credentials;

import io.sigillo.pec.event.MailboxRegistered;
import io.sigillo.support.certificates.ClientCertificateLogins;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The client certificates bound to this provider's mailboxes, in PostgreSQL (ADR 0028). */
@Repository
public class ClientCertificateStore implements ClientCertificateLogins {

    /** The most certificates one mailbox may hold: a person's card, its renewal, a few devices. */
    public static final int MAX_PER_MAILBOX = 10;

    /**
     * A bound certificate as its owner sees it listed.
     *
     * @param sha256       the SHA-256 of its DER encoding, in hex: its identifier here
     * @param name         what the owner called it
     * @param commonName   its subject's common name, the name Dovecot logs it in by
     * @param subject      its subject, RFC 2253
     * @param issuer       its issuer, RFC 2253
     * @param serialNumber its serial number, in hex
     * @param notAfter     when it stops being valid
     * @param boundAt      when it was bound
     * @param lastUsedAt   when it last opened the mailbox, or null for never
     */
    public record Listed(String sha256, String name, String commonName, String subject, String issuer,
            String serialNumber, Instant notAfter, Instant boundAt, Instant lastUsedAt) {
    }

    /** Why a binding was not made. */
    public enum Conflict { ALREADY_BOUND, COMMON_NAME_TAKEN, TOO_MANY }

    private final JdbcClient jdbc;

    public ClientCertificateStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Binds {@code certificate} (its PEM in {@code pem}) to {@code mailbox}; the conflict when it cannot. */
    public Optional<Conflict> bind(String mailbox, Listed certificate, String pem) {
        // One at a time per mailbox, so two requests at once cannot both pass the count.
        jdbc.sql("SELECT 1 FROM mailboxes WHERE address = ? FOR UPDATE").param(mailbox).query(Integer.class).list();
        if (jdbc.sql("SELECT count(*) FROM client_certificates WHERE sha256 = ?").param(certificate.sha256())
                .query(Long.class).single() > 0) {
            return Optional.of(Conflict.ALREADY_BOUND);
        }
        if (jdbc.sql("SELECT count(*) FROM client_certificates WHERE lower(common_name) = ? AND mailbox <> ?")
                .params(certificate.commonName().toLowerCase(Locale.ROOT), mailbox).query(Long.class).single() > 0) {
            return Optional.of(Conflict.COMMON_NAME_TAKEN);
        }
        if (jdbc.sql("SELECT count(*) FROM client_certificates WHERE mailbox = ?").param(mailbox)
                .query(Long.class).single() >= MAX_PER_MAILBOX) {
            return Optional.of(Conflict.TOO_MANY);
        }
        jdbc.sql("""
                INSERT INTO client_certificates (sha256, mailbox, name, common_name, subject, issuer, serial_number,
                    not_after, pem, bound_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(certificate.sha256(), mailbox, certificate.name(), certificate.commonName(),
                        certificate.subject(), certificate.issuer(), certificate.serialNumber(),
                        Timestamp.from(certificate.notAfter()), pem, Timestamp.from(certificate.boundAt()))
                .update();
        return Optional.empty();
    }

    /** The mailbox's certificates, oldest binding first. */
    public List<Listed> list(String mailbox) {
        return jdbc.sql("SELECT sha256, name, common_name, subject, issuer, serial_number, not_after, bound_at, "
                        + "last_used_at FROM client_certificates WHERE mailbox = ? ORDER BY bound_at, sha256")
                .param(mailbox)
                .query((rs, n) -> new Listed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), instant(rs.getObject(7, OffsetDateTime.class)),
                        instant(rs.getObject(8, OffsetDateTime.class)), instant(rs.getObject(9, OffsetDateTime.class))))
                .list();
    }

    /** Unbinds one certificate of {@code mailbox}; false when it has none with that SHA-256. */
    public boolean unbind(String mailbox, String sha256) {
        return jdbc.sql("DELETE FROM client_certificates WHERE mailbox = ? AND sha256 = ?").params(mailbox, sha256)
                .update() == 1;
    }

    /** What the access point must know to let these certificates in: those still valid at {@code now}. */
    public List<MailboxRegistered.ClientCertificate> forLogins(String mailbox, Instant now) {
        return jdbc.sql("SELECT sha256, not_after FROM client_certificates WHERE mailbox = ? AND not_after > ? "
                        + "ORDER BY bound_at, sha256")
                .params(mailbox, Timestamp.from(now))
                .query((rs, n) -> new MailboxRegistered.ClientCertificate(rs.getString(1),
                        instant(rs.getObject(2, OffsetDateTime.class))))
                .list();
    }

    @Override
    public Optional<String> mailboxOf(String sha256, Instant now) {
        Optional<String> mailbox = jdbc.sql("SELECT mailbox FROM client_certificates WHERE sha256 = ? "
                        + "AND not_after > ?")
                .params(sha256, Timestamp.from(now)).query(String.class).optional();
        mailbox.ifPresent(m -> touch("sha256 = ?", sha256, now));
        return mailbox;
    }

    /**
     * The mailbox whose valid certificate has this common name, in any case: how Dovecot, which gives its passdb
     * the name and not the certificate, finds the holder.
     */
    public Optional<String> mailboxOfCommonName(String commonName, Instant now) {
        String name = commonName.toLowerCase(Locale.ROOT);
        List<String> mailboxes = jdbc.sql("SELECT DISTINCT mailbox FROM client_certificates "
                        + "WHERE lower(common_name) = ? AND not_after > ?")
                .params(name, Timestamp.from(now)).query(String.class).list();
        // bind() keeps a common name to one mailbox; two would be a row written by hand, and open neither.
        if (mailboxes.size() != 1) {
            return Optional.empty();
        }
        touch("lower(common_name) = ?", name, now);
        return Optional.of(mailboxes.get(0));
    }

    /** Notes a use of {@code mailbox}'s certificate that another service reports, never moving the date back. */
    public void used(String mailbox, String sha256, Instant at) {
        jdbc.sql("UPDATE client_certificates SET last_used_at = ? WHERE sha256 = ? AND mailbox = ? "
                        + "AND (last_used_at IS NULL OR last_used_at < ?)")
                .params(Timestamp.from(at), sha256, mailbox, Timestamp.from(at))
                .update();
    }

    /** Notes a login at most once a minute per certificate, since a client may log in every few seconds. */
    private void touch(String which, String value, Instant at) {
        jdbc.sql("UPDATE client_certificates SET last_used_at = ? WHERE " + which
                        + " AND (last_used_at IS NULL OR last_used_at < ?)")
                .params(Timestamp.from(at), value, Timestamp.from(at.minus(Duration.ofMinutes(1))))
                .update();
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
