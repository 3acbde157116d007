package io.sigillo.webmail.console;

import java.util.Collection;
import java.util.Set;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A member of staff logged in to the console: the roles each service granted, and each service's session token,
 * kept in the server-side session only. The audit log's token opens the log (COMPLIANCE, or OPERATOR for its
 * verification), the delivery point's opens the provisioning of mailboxes (ADMIN); either may be missing.
 */
public final class ConsoleSession extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    /** Roles of the console: what compliance staff, operators of the log and provisioning operators may do. */
    static final Set<String> STAFF_ROLES = Set.of("COMPLIANCE", "OPERATOR", "ADMIN");

    private final String account;
    private final String auditLogToken;
    private final String deliveryPointToken;

    ConsoleSession(String account, Collection<String> roles, String auditLogToken, String deliveryPointToken) {
        super(roles.stream().map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList());
        this.account = account;
        this.auditLogToken = auditLogToken;
        this.deliveryPointToken = deliveryPointToken;
        setAuthenticated(true);
    }

    /** Who logged in. */
    public String account() {
        return account;
    }

    /** The audit log's session token, or null when the log did not take this login. */
    public String auditLogToken() {
        return auditLogToken;
    }

    /** The delivery point's session token, or null when it did not take this login as its operator's. */
    public String deliveryPointToken() {
        return deliveryPointToken;
    }

    /** True when the console may show pages of {@code role}. */
    public boolean may(String role) {
        return getAuthorities().stream().anyMatch(authority -> authority.getAuthority().equals("ROLE_" + role));
    }

    @Override
    public Object getPrincipal() {
        return account;
    }

    /** Nothing: the password was used for the logins and kept nowhere. */
    @Override
    public Object getCredentials() {
        return null;
    }
}
