package io.sigillo.webmail.login;

import java.time.Instant;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * Someone logged in to the webmail: their account, their roles, and the delivery point's session token every page
 * calls the provider's APIs with. It lives in the server-side session only; the browser never sees it.
 */
public final class WebmailSession extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final String account;
    private final String token;
    private final Instant expiresAt;

    public WebmailSession(SessionIssuer.Session login) {
        super(login.roles().stream().map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList());
        this.account = login.account();
        this.token = login.token();
        this.expiresAt = login.expiresAt();
        setAuthenticated(true);
    }

    /** The account's address (or the operator's name). */
    public String account() {
        return account;
    }

    /** The session token, for {@code Authorization: Bearer}. */
    public String token() {
        return token;
    }

    /** When the token stops opening the APIs. */
    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public Object getPrincipal() {
        return account;
    }

    /** Nothing: the password was used for the login and kept nowhere. */
    @Override
    public Object getCredentials() {
        return null;
    }
}
