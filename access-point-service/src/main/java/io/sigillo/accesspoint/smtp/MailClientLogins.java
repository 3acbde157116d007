package io.sigillo.accesspoint.smtp;

import io.sigillo.accesspoint.accounts.Accounts;
import io.sigillo.accesspoint.accounts.CredentialUses;
import io.sigillo.pec.event.CredentialUsed;
import io.sigillo.pec.event.MailboxRegistered;
import io.sigillo.support.credentials.LoginThrottle;
import io.sigillo.support.credentials.MailClientPasswords;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
    private final MailClientPasswords passwords;
    private final LoginThrottle throttle;
    private final CredentialUses uses;
    private final Clock clock;

    public MailClientLogins(Accounts accounts, PasswordEncoder passwords, LoginThrottle throttle, CredentialUses uses,
            Clock clock) {
        this.accounts = accounts;
        this.passwords = new MailClientPasswords(passwords, throttle);
        this.throttle = throttle;
        this.uses = uses;
        this.clock = clock;
    }

    @Override
    public void login(String username, String password, MessageContext context) throws LoginFailedException {
        String client = clientAddress(context.getRemoteAddress());
        Optional<Duration> locked = throttle.lockedFor(username, client);
        if (locked.isPresent()) {
            throw new LoginFailedException("too many failed logins: retry in " + locked.get().toSeconds() + " s");
        }
        Optional<Accounts.Account> account = accounts.find(username).filter(Accounts.Account::active);
        List<MailboxRegistered.AppPassword> appPasswords = account.map(Accounts.Account::appPasswords)
                .orElse(List.of());
        Instant now = clock.instant();
        if (!passwords.login(username, client, password, account.map(Accounts.Account::passwordHash).orElse(null),
                appPasswords, account.map(Accounts.Account::twoFactor).orElse(false), now)) {
            throw new LoginFailedException();
        }
        MailClientPasswords.appPassword(password, appPasswords, now).ifPresent(used -> uses.used(
                account.get().address(), CredentialUsed.Kind.APP_PASSWORD, used.id()));
    }

    private static String clientAddress(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(remote);
    }
}
