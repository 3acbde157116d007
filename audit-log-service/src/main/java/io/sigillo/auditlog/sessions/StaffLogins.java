package io.sigillo.auditlog.sessions;

import io.sigillo.auditlog.security.AdminProperties;
import io.sigillo.support.credentials.LoginThrottle;
import io.sigillo.support.credentials.OneTimeCodes;
import io.sigillo.support.sessions.SessionLogin;
import io.sigillo.support.sessions.SessionTokens;
import java.util.Optional;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Full logins of compliance staff and operators (ADR 0036): the password, and the authenticator app's code when the
 * account has a secret, earn a session token with the account's role. Every failure counts in the login throttle.
 */
@Service
public class StaffLogins {

    private static final String ROLE_PREFIX = "ROLE_";

    private final UserDetailsService staff;
    private final AdminProperties admin;
    private final PasswordEncoder encoder;
    private final OneTimeCodes codes;
    private final LoginThrottle throttle;
    private final SessionTokens tokens;
    private final String unknownUserHash;

    public StaffLogins(UserDetailsService staff, AdminProperties admin, PasswordEncoder encoder, OneTimeCodes codes,
            LoginThrottle throttle, SessionTokens tokens) {
        this.staff = staff;
        this.admin = admin;
        this.encoder = encoder;
        this.codes = codes;
        this.throttle = throttle;
        this.tokens = tokens;
        // Checked against for a user that does not exist, so that the answer takes as long as for one that does.
        this.unknownUserHash = encoder.encode("no such user");
    }

    /** Logs {@code username} in from {@code clientAddress}; {@code code} may be null when no second factor is on. */
    public SessionLogin.Outcome login(String username, String password, String code, String clientAddress) {
        return SessionLogin.login(throttle, tokens, username, clientAddress, code, () -> passwordMatches(username,
                password).map(member -> {
                    String secret = admin.totpSecretOf(member.getUsername());
                    return new SessionLogin.Holder(member.getUsername(), member.getAuthorities().stream()
                            .map(GrantedAuthority::getAuthority).map(role -> role.substring(ROLE_PREFIX.length()))
                            .toList(), secret == null ? null
                                    : given -> codes.accept("staff:" + member.getUsername(), secret, given),
                            false);
                }));
    }

    private Optional<UserDetails> passwordMatches(String username, String password) {
        UserDetails member;
        try {
            member = staff.loadUserByUsername(username);
        } catch (UsernameNotFoundException e) {
            encoder.matches(password, unknownUserHash);
            return Optional.empty();
        }
        return encoder.matches(password, member.getPassword()) ? Optional.of(member) : Optional.empty();
    }
}
