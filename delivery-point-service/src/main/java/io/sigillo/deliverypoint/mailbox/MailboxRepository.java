package io.sigillo.deliverypoint.mailbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Mailboxes in PostgreSQL. */
@Repository
public class MailboxRepository {

    /** A mailbox with its second factor and state, by {@link #mailbox}. */
    private static final String SELECT = "SELECT m.address, m.password_hash, m.quota_bytes, m.used_bytes, "
            + "m.created_at, t.enabled_at IS NOT NULL, m.disabled_at FROM mailboxes m "
            + "LEFT JOIN two_factor t ON t.mailbox = m.address ";

    private final JdbcClient jdbc;
    private final Clock clock;

    public MailboxRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Creates a mailbox; false when the address already has one. */
    public boolean create(String address, String passwordHash, long quotaBytes) {
        try {
            return jdbc.sql("INSERT INTO mailboxes (address, password_hash, quota_bytes, created_at) "
                    + "VALUES (?, ?, ?, ?)")
                    .params(normalize(address), passwordHash, quotaBytes, Timestamp.from(clock.instant()))
                    .update() == 1;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** The mailbox of an address, in any case. */
    public Optional<Mailbox> find(String address) {
        return jdbc.sql(SELECT + "WHERE m.address = ?").param(normalize(address)).query(MailboxRepository::mailbox)
                .optional();
    }

    /**
     * Page {@code page} (from 0) of {@code size} mailboxes whose address contains {@code part} (any case; null for
     * all), in address order.
     */
    public List<Mailbox> page(String part, int page, int size) {
        String pattern = part == null ? "%" : MailboxSearch.anywhere(part.toLowerCase(Locale.ROOT));
        return jdbc.sql(SELECT + "WHERE m.address LIKE ? ORDER BY m.address LIMIT ? OFFSET ?")
                .params(pattern, size, (long) page * size).query(MailboxRepository::mailbox).list();
    }

    /** How many mailboxes have an address containing {@code part} (null for all). */
    public long count(String part) {
        String pattern = part == null ? "%" : MailboxSearch.anywhere(part.toLowerCase(Locale.ROOT));
        return jdbc.sql("SELECT count(*) FROM mailboxes WHERE address LIKE ?").param(pattern).query(Long.class)
                .single();
    }

    /** Sets how much the mailbox may hold; false when there is no such mailbox. */
    public boolean setQuota(String address, long quotaBytes) {
        return jdbc.sql("UPDATE mailboxes SET quota_bytes = ? WHERE address = ?")
                .params(quotaBytes, normalize(address)).update() == 1;
    }

    /** Disables the mailbox from now, or enables it again; false when there is no such mailbox. */
    public boolean setActive(String address, boolean active) {
        return jdbc.sql("UPDATE mailboxes SET disabled_at = CASE WHEN ? THEN NULL "
                        + "ELSE coalesce(disabled_at, ?) END WHERE address = ?")
                .params(active, Timestamp.from(clock.instant()), normalize(address)).update() == 1;
    }

    /** Replaces the owner's password hash; false when there is no such mailbox. */
    public boolean setPasswordHash(String address, String passwordHash) {
        return jdbc.sql("UPDATE mailboxes SET password_hash = ? WHERE address = ?")
                .params(passwordHash, normalize(address)).update() == 1;
    }

    private static Mailbox mailbox(ResultSet rs, int row) throws SQLException {
        OffsetDateTime disabled = rs.getObject(7, OffsetDateTime.class);
        return new Mailbox(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getBoolean(6),
                disabled == null ? null : disabled.toInstant());
    }

    /** Addresses are stored and compared in lower case. */
    public static String normalize(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }
}
