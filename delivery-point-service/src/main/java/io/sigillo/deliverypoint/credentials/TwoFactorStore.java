package io.sigillo.deliverypoint.credentials;

import io.sigillo.support.credentials.AppPasswords;
import io.sigillo.support.credentials.Totp;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Mailbox owners' TOTP secrets, their recovery codes, and the last code step every account used, in PostgreSQL. */
@Repository
public class TwoFactorStore {

    /** How many recovery codes an owner gets at a time. */
    public static final int RECOVERY_CODES = 10;

    /**
     * A mailbox's TOTP secret.
     *
     * @param secret     Base32, as the authenticator app holds it
     * @param enrolledAt when the owner asked for it
     * @param enabledAt  when the owner confirmed it with a first code, or null while not yet
     */
    public record Enrolment(String secret, Instant enrolledAt, Instant enabledAt) {

        /** True once the owner confirmed it: the mailbox then logs in with two factors. */
        public boolean enabled() {
            return enabledAt != null;
        }
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    public TwoFactorStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The mailbox's secret, confirmed or not. */
    public Optional<Enrolment> find(String mailbox) {
        return jdbc.sql("SELECT secret, enrolled_at, enabled_at FROM two_factor WHERE mailbox = ?").param(mailbox)
                .query((rs, n) -> new Enrolment(rs.getString(1), instant(rs.getObject(2, OffsetDateTime.class)),
                        instant(rs.getObject(3, OffsetDateTime.class))))
                .optional();
    }

    /** Keeps a new, unconfirmed secret for the mailbox; false when two-factor login is already on. */
    public boolean enrol(String mailbox, String secret) {
        return jdbc.sql("INSERT INTO two_factor (mailbox, secret, enrolled_at) VALUES (?, ?, ?) "
                        + "ON CONFLICT (mailbox) DO UPDATE SET secret = EXCLUDED.secret, "
                        + "enrolled_at = EXCLUDED.enrolled_at WHERE two_factor.enabled_at IS NULL")
                .params(mailbox, secret, Timestamp.from(clock.instant()))
                .update() == 1;
    }

    /** Turns two-factor login on; false when there was no enrolment waiting. */
    public boolean enable(String mailbox) {
        return jdbc.sql("UPDATE two_factor SET enabled_at = ? WHERE mailbox = ? AND enabled_at IS NULL")
                .params(Timestamp.from(clock.instant()), mailbox).update() == 1;
    }

    /** Turns two-factor login off, forgetting the secret and the recovery codes. */
    public void disable(String mailbox) {
        jdbc.sql("DELETE FROM two_factor WHERE mailbox = ?").param(mailbox).update();
    }

    /** Replaces the mailbox's recovery codes with {@link #RECOVERY_CODES} new ones, returned this once. */
    public List<String> newRecoveryCodes(String mailbox) {
        jdbc.sql("DELETE FROM recovery_codes WHERE mailbox = ?").param(mailbox).update();
        List<String> codes = new ArrayList<>(RECOVERY_CODES);
        for (int i = 0; i < RECOVERY_CODES; i++) {
            String code = AppPasswords.generate();
            jdbc.sql("INSERT INTO recovery_codes (mailbox, sha256) VALUES (?, ?)")
                    .params(mailbox, AppPasswords.sha256(code)).update();
            codes.add(code);
        }
        return codes;
    }

    /** Spends a recovery code; false when it is not one of the mailbox's or was spent before. */
    public boolean spendRecoveryCode(String mailbox, String code) {
        return jdbc.sql("UPDATE recovery_codes SET used_at = ? WHERE mailbox = ? AND sha256 = ? AND used_at IS NULL")
                .params(Timestamp.from(clock.instant()), mailbox, AppPasswords.sha256(code)).update() == 1;
    }

    /** How many recovery codes the mailbox has not spent. */
    public int recoveryCodesLeft(String mailbox) {
        return jdbc.sql("SELECT count(*) FROM recovery_codes WHERE mailbox = ? AND used_at IS NULL").param(mailbox)
                .query(Integer.class).single();
    }

    /**
     * Accepts {@code code} for {@code account} (a mailbox, or an operator as {@code operator:name}) under
     * {@code secret}: right for now give or take a step, and later than the last code the account used, recorded
     * atomically so that two requests with the same code cannot both pass.
     */
    public boolean acceptCode(String account, String secret, String code) {
        long lastStep = jdbc.sql("SELECT last_step FROM totp_last_steps WHERE account = ?").param(account)
                .query(Long.class).optional().orElse(-1L);
        OptionalLong step = Totp.verify(secret, code, clock.instant(), lastStep);
        return step.isPresent() && jdbc.sql("INSERT INTO totp_last_steps (account, last_step) VALUES (?, ?) "
                        + "ON CONFLICT (account) DO UPDATE SET last_step = EXCLUDED.last_step "
                        + "WHERE totp_last_steps.last_step < EXCLUDED.last_step")
                .params(account, step.getAsLong()).update() == 1;
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
