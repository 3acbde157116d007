package io.sigillo.deliverypoint.mailbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Mailboxes in PostgreSQL. */
@Repository
public class MailboxRepository {

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
        return jdbc.sql("SELECT m.address, m.password_hash, m.quota_bytes, m.used_bytes, m.created_at, "
                        + "t.enabled_at IS NOT NULL FROM mailboxes m LEFT JOIN two_factor t ON t.mailbox = m.address "
                        + "WHERE m.address = ?")
                .param(normalize(address))
                .query((rs, n) -> new Mailbox(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getObject(5, java.time.OffsetDateTime.class).toInstant(), rs.getBoolean(6)))
                .optional();
    }

    /** Addresses are stored and compared in lower case. */
    public static String normalize(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }
}
