package io.sigillo.deliverypoint.sessions;

import io.sigillo.deliverypoint.admin.AdminProperties;
import io.sigillo.deliverypoint.credentials.TwoFactorCredentials;
import io.sigillo.deliverypoint.credentials.TwoFactorStore;
import io.sigillo.deliverypoint.mailbox.Mailbox;
import io.sigillo.deliverypoint.mailbox.MailboxRepository;
import io.sigillo.support.credentials.LoginThrottle;
import io.sigillo.support.sessions.SessionLogin;
import io.sigillo.support.sessions.SessionTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Full logins of mailbox owners and the operator: the password, and a one-time code when two-factor login is on,
 * earn a session token. Every failure counts in the login throttle, as a failed HTTP Basic login does.
 */
@Service
public class SessionLogins {

    /** Who is logging in, as far as checking the login needs. */
    private record Principal(String name, String role, boolean twoFactor, boolean disabled) {
    }

    private final MailboxRepository mailboxes;
    private final TwoFactorCredentials twoFactor;
    private final TwoFactorStore codes;
    private final AdminProperties admin;
    private final PasswordEncoder encoder;
    private final LoginThrottle throttle;
    private final SessionTokens tokens;
    private final String unknownUserHash;

    public SessionLogins(MailboxRepository mailboxes, TwoFactorCredentials twoFactor, TwoFactorStore codes,
            AdminProperties admin, PasswordEncoder encoder, LoginThrottle throttle, SessionTokens tokens) {
        this.mailboxes = mailboxes;
        this.twoFactor = twoFactor;
        this.codes = codes;
        this.admin = admin;
        this.encoder = encoder;
        this.throttle = throttle;
        this.tokens = tokens;
        // Checked against for a user that does not exist, so that the answer takes as long as for one that does.
        this.unknownUserHash = encoder.encode("no such user");
    }

    /** Logs {@code username} in from {@code clientAddress}; {@code code} may be null when no second factor is on. */
    public SessionLogin.Outcome login(String username, String password, String code, String clientAddress) {
        return SessionLogin.login(throttle, tokens, username, clientAddress, code, () -> passwordMatches(username,
                password).map(who -> new SessionLogin.Holder(who.name(), List.of(who.role()), !who.twoFactor() ? null
                        : who.role().equals("ADMIN")
                                ? given -> codes.acceptCode("operator:" + who.name(), admin.totpSecret(), given)
                                : given -> twoFactor.proves(who.name(), given), who.disabled())));
    }

    private Optional<Principal> passwordMatches(String username, String password) {
        if (username.equals(admin.username())) {
            return sameText(password, admin.password())
                    ? Optional.of(new Principal(admin.username(), "ADMIN", admin.twoFactor(), false)) : Optional.empty();
        }
        Optional<Mailbox> mailbox = mailboxes.find(username);
        if (mailbox.isEmpty()) {
            encoder.matches(password, unknownUserHash);
            return Optional.empty();
        }
        return encoder.matches(password, mailbox.get().passwordHash())
                ? Optional.of(new Principal(mailbox.get().address(), "MAILBOX", mailbox.get().twoFactor(),
                        !mailbox.get().active()))
                : Optional.empty();
    }

    /** Constant-time equality that does not tell the length either (both are hashed first). */
    private static boolean sameText(String presented, String expected) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] a = sha256.digest(presented.getBytes(StandardCharsets.UTF_8));
            byte[] b = sha256.digest(expected.getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(a, b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
