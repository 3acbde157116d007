package io.sigillo.webmail.login;

import io.sigillo.webmail.WebmailProperties;
import io.sigillo.webmail.web.MailboxOwnersSide;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** Checks the login form at the delivery point, which alone knows passwords and second factors. */
@MailboxOwnersSide
@Component
public class MailboxOwnerLogin implements AuthenticationProvider {

    /** The role the delivery point grants a mailbox's owner, the only one that opens the webmail. */
    static final String MAILBOX_OWNER = "MAILBOX";

    private final SessionIssuer logins;

    public MailboxOwnerLogin(RestClient.Builder http, WebmailProperties properties) {
        this.logins = new SessionIssuer(http, properties.deliveryPoint(), "/api/v1/sessions",
                properties.frontendKey());
    }

    @Override
    public Authentication authenticate(Authentication form) {
        LoginDetails details = form.getDetails() instanceof LoginDetails d ? d : null;
        String code = details == null ? null : details.code();
        String address = details == null ? null : details.getRemoteAddress();
        String password = form.getCredentials() == null ? "" : form.getCredentials().toString();
        SessionIssuer.Session session;
        try {
            session = logins.login(form.getName().strip(), password, code, address);
        } catch (RestClientException | IllegalStateException e) {
            throw new LoginRefused(LoginRefused.Reason.UNAVAILABLE, null, e);
        }
        // Staff accounts log in at the console only: their tokens must not sit in the internet-facing webmail.
        if (session.roles() == null || !session.roles().contains(MAILBOX_OWNER)) {
            throw new LoginRefused(LoginRefused.Reason.CREDENTIALS, null, null);
        }
        return new WebmailSession(session);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
