package io.sigillo.accesspoint.accounts;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The senders this access point knows: address and password hash, as the delivery point announced them. */
@Repository
public class Accounts {

    /** A sender account. */
    public record Account(String address, String passwordHash, boolean active) {
    }

    private final JdbcClient jdbc;

    public Accounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the announced state unless a newer one is already stored (announcements may arrive twice). */
    public void upsert(String address, String passwordHash, boolean active, Instant at) {
        jdbc.sql("""
                INSERT INTO accounts (address, password_hash, active, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (address) DO UPDATE SET password_hash = EXCLUDED.password_hash,
                    active = EXCLUDED.active, updated_at = EXCLUDED.updated_at
                WHERE accounts.updated_at <= EXCLUDED.updated_at""")
                .params(normalize(address), passwordHash, active, Timestamp.from(at)).update();
    }

    /** The account of an address, in any case. */
    public Optional<Account> find(String address) {
        return jdbc.sql("SELECT address, password_hash, active FROM accounts WHERE address = ?")
                .param(normalize(address))
                .query((rs, n) -> new Account(rs.getString(1), rs.getString(2), rs.getBoolean(3)))
                .optional();
    }

    private static String normalize(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }
}
