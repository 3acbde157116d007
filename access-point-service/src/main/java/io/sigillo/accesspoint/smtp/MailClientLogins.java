package io.sigillo.accesspoint.smtp;

import io.sigillo.accesspoint.accounts.Accounts;
import io.sigillo.support.credentials.AppPasswords;
import io.sigillo.support.credentials.LoginThrottle;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.auth.UsernamePasswordValidator;

/**
 * Checks the login of a mail client (SMTP AUTH PLAIN or LOGIN): one of the mailbox's app passwords, not expired,
 * or its main password unless the owner logs in with a second factor. Counted by the same throttle as the HTTP
 * logins, so a guesser gains nothing by switching protocol.
 */
@Component
public class MailClientLogins implements UsernamePasswordValidator {

    private final Accounts accounts;
    private final PasswordEncoder passwords;
    private final LoginThrottle throttle;
    private final Clock clock;
    /** Checked when there is no such account, so that an unknown name costs the time a wrong password does. */
    private final String unknownAccountHash;

    public MailClientLogins(Accounts accounts, PasswordEncoder passwords, LoginThrottle throttle, Clock clock) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.throttle = throttle;
        this.clock = clock;
        this.unknownAccountHash = passwords.encode("no account has this password");
    }

    @Override
    public void login(String username, String password, MessageContext context) throws LoginFailedException {
        String client = clientAddress(context.getRemoteAddress());
        Optional<Duration> locked = throttle.lockedFor(username, client);
        if (locked.isPresent()) {
            throw new LoginFailedException("too many failed logins: retry in " + locked.get().toSeconds() + " s");
        }
        Optional<Accounts.Account> account = accounts.find(username).filter(Accounts.Account::active);
        if (account.isEmpty()) {
            passwords.matches(password, unknownAccountHash);
        }
        if (account.isEmpty() || !opens(account.get(), password)) {
            throttle.failed(username, client);
            throw new LoginFailedException();
        }
        throttle.succeeded(username);
    }

    private boolean opens(Accounts.Account account, String password) {
        Instant now = clock.instant();
        boolean appPassword = account.appPasswords().stream()
                .filter(p -> p.expiresAt() == null || p.expiresAt().isAfter(now))
                .anyMatch(p -> AppPasswords.matches(password, p.sha256()));
        return appPassword || !account.twoFactor() && passwords.matches(password, account.passwordHash());
    }

    private static String clientAddress(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(remote);
    }
}
