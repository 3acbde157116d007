package io.sigillo.support.credentials;

import io.sigillo.pec.event.MailboxRegistered;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * What opens a mailbox to a mail client (IMAP, POP3, SMTP submission; ADR 0025): one of its app passwords, not
 * expired, or its main password unless the owner logs in with a second factor. The one rule every door applies.
 */
public final class MailClientPasswords {

    private final PasswordEncoder passwords;
    private final LoginThrottle throttle;
    /** Checked when there is no such account, so that an unknown name costs the time a wrong password does. */
    private final String unknownAccountHash;

    public MailClientPasswords(PasswordEncoder passwords, LoginThrottle throttle) {
        this.passwords = passwords;
        this.throttle = throttle;
        this.unknownAccountHash = passwords.encode("no account has this password");
    }

    /**
     * A mail client's login as {@code user} from {@code client}: whether {@code password} opens the mailbox, a
     * failure counted in the shared throttle and a success clearing the account's count. The caller asks the
     * throttle first whether the account or address is locked.
     */
    public boolean login(String user, String client, String password, String mainHash,
            List<MailboxRegistered.AppPassword> appPasswords, boolean twoFactor, Instant now) {
        if (!opens(password, mainHash, appPasswords, twoFactor, now)) {
            throttle.failed(user, client);
            return false;
        }
        throttle.succeeded(user);
        return true;
    }

    /**
     * Whether {@code password} opens a mailbox whose main password hash is {@code mainHash} (null: no such
     * mailbox, which nothing opens), with these app passwords, at {@code now}.
     */
    private boolean opens(String password, String mainHash, List<MailboxRegistered.AppPassword> appPasswords,
            boolean twoFactor, Instant now) {
        if (mainHash == null) {
            passwords.matches(password, unknownAccountHash);
            return false;
        }
        return appPassword(password, appPasswords, now).isPresent()
                || !twoFactor && passwords.matches(password, mainHash);
    }

    /** The app password, not expired at {@code now}, that {@code password} is; empty when it is none of them. */
    public static Optional<MailboxRegistered.AppPassword> appPassword(String password,
            List<MailboxRegistered.AppPassword> appPasswords, Instant now) {
        return appPasswords.stream()
                .filter(p -> p.expiresAt() == null || p.expiresAt().isAfter(now))
                .filter(p -> AppPasswords.matches(password, p.sha256()))
                .findFirst();
    }
}
