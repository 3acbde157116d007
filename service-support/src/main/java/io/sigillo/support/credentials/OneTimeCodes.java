package io.sigillo.support.credentials;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * An authenticator app's codes for accounts whose secret is configuration (compliance staff, operators): each code is
 * good once, the last step used kept in the {@code logins} schema beside failed logins, raised atomically so that
 * two requests with one code cannot both pass.
 */
public final class OneTimeCodes {

    private final DataSource dataSource;
    private final Clock clock;

    public OneTimeCodes(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** True when {@code code} is {@code secret}'s code now and no code of that step or a later one was used. */
    public boolean accept(String account, String secret, String code) {
        String key = PostgresLoginFailures.digest(account.toLowerCase(Locale.ROOT));
        try (Connection c = dataSource.getConnection()) {
            long lastStep = -1;
            try (PreparedStatement s = c.prepareStatement("SELECT last_step FROM " + PostgresLoginFailures.SCHEMA
                    + ".code_steps WHERE account_sha256 = ?")) {
                s.setString(1, key);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        lastStep = rs.getLong(1);
                    }
                }
            }
            OptionalLong step = Totp.verify(secret, code, clock.instant(), lastStep);
            if (step.isEmpty()) {
                return false;
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO " + PostgresLoginFailures.SCHEMA
                    + ".code_steps AS u (account_sha256, last_step) VALUES (?, ?) ON CONFLICT (account_sha256) "
                    + "DO UPDATE SET last_step = excluded.last_step WHERE u.last_step < excluded.last_step")) {
                s.setString(1, key);
                s.setLong(2, step.getAsLong());
                return s.executeUpdate() == 1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check a one-time code: " + e.getMessage(), e);
        }
    }
}
