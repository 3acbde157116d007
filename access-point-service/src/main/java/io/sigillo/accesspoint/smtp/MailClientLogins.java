package io.sigillo.accesspoint.smtp;

import io.sigillo.accesspoint.accounts.Accounts;
import io.sigillo.support.credentials.LoginThrottle;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.auth.UsernamePasswordValidator;

/**
 * Checks the login of a mail client (SMTP AUTH PLAIN or LOGIN) against the mailbox's credentials, counted by the
 * same throttle as the HTTP logins, so a guesser gains nothing by switching protocol.
 */
@Component
public class MailClientLogins implements UsernamePasswordValidator {

    private final Accounts accounts;
    private final PasswordEncoder passwords;
    private final LoginThrottle throttle;
    /** Checked when there is no such account, so that an unknown name costs the time a wrong password does. */
    private final String unknownAccountHash;

    public MailClientLogins(Accounts accounts, PasswordEncoder passwords, LoginThrottle throttle) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.throttle = throttle;
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
        boolean matches = passwords.matches(password,
                account.map(Accounts.Account::passwordHash).orElse(unknownAccountHash));
        if (account.isEmpty() || !matches) {
            throttle.failed(username, client);
            throw new LoginFailedException();
        }
        throttle.succeeded(username);
    }

    private static String clientAddress(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(remote);
    }
}
