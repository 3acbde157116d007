package io.sigillo.accesspoint.accounts;

import io.sigillo.pec.event.MailboxRegistered;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The senders this access point knows, as the delivery point announced them: address, password hash, the app
 * passwords of their mail clients, whether they log in with a second factor, and their client certificates.
 */
@Repository
public class Accounts {

    /**
     * A sender account.
     *
     * @param address      the lower-case address
     * @param passwordHash the slow hash of the main password
     * @param active       false once the mailbox is closed
     * @param appPasswords its mail clients' app passwords
     * @param twoFactor    true when the owner logs in with a second factor: mail clients need an app password
     * @param clientCertificates the client certificates bound to it
     */
    public record Account(String address, String passwordHash, boolean active,
            List<MailboxRegistered.AppPassword> appPasswords, boolean twoFactor,
            List<MailboxRegistered.ClientCertificate> clientCertificates) {
    }

    private static final TypeReference<List<MailboxRegistered.AppPassword>> APP_PASSWORDS = new TypeReference<>() {
    };

    private static final TypeReference<List<MailboxRegistered.ClientCertificate>> CERTIFICATES =
            new TypeReference<>() {
            };

    private static final String SELECT = "SELECT address, password_hash, active, app_passwords, two_factor, "
            + "client_certificates FROM accounts ";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public Accounts(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Stores the announced state unless a newer one is already stored (announcements may arrive twice). */
    public void upsert(MailboxRegistered announced) {
        jdbc.sql("""
                INSERT INTO accounts (address, password_hash, active, updated_at, app_passwords, two_factor,
                    client_certificates)
                VALUES (?, ?, ?, ?, ?::jsonb, ?, ?::jsonb)
                ON CONFLICT (address) DO UPDATE SET password_hash = EXCLUDED.password_hash,
                    active = EXCLUDED.active, updated_at = EXCLUDED.updated_at,
                    app_passwords = EXCLUDED.app_passwords, two_factor = EXCLUDED.two_factor,
                    client_certificates = EXCLUDED.client_certificates
                WHERE accounts.updated_at <= EXCLUDED.updated_at""")
                .params(normalize(announced.address()), announced.passwordHash(), announced.active(),
                        Timestamp.from(announced.registeredAt()), json.writeValueAsString(announced.appPasswords()),
                        announced.twoFactor(), json.writeValueAsString(announced.clientCertificates()))
                .update();
    }

    /** The account of an address, in any case. */
    public Optional<Account> find(String address) {
        return jdbc.sql(SELECT + "WHERE address = ?").param(normalize(address)).query(this::account).optional();
    }

    /**
     * The active account a client certificate is bound to, by the SHA-256 of its DER encoding, while the certificate
     * is valid at {@code now}.
     */
    public Optional<Account> findByCertificate(String sha256, Instant now) {
        return jdbc.sql(SELECT + "WHERE client_certificates @> ?::jsonb AND active")
                .param(json.writeValueAsString(List.of(Map.of("sha256", sha256))))
                .query(this::account).stream()
                .filter(a -> a.clientCertificates().stream()
                        .anyMatch(c -> c.sha256().equals(sha256) && c.expiresAt().isAfter(now)))
                .findFirst();
    }

    private Account account(ResultSet rs, int row) throws SQLException {
        return new Account(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                json.readValue(rs.getString(4), APP_PASSWORDS), rs.getBoolean(5),
                json.readValue(rs.getString(6), CERTIFICATES));
    }

    private static String normalize(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }
}
