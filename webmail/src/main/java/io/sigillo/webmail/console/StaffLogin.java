package io.sigillo.webmail.console;

import io.sigillo.webmail.WebmailProperties;
import io.sigillo.webmail.login.LoginDetails;
import io.sigillo.webmail.login.LoginRefused;
import io.sigillo.webmail.login.SessionIssuer;
import io.sigillo.webmail.web.ConsoleSide;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Logs a member of staff in where their accounts are (ADR 0036): the audit log for compliance staff and the log's
 * operators, the delivery point for the operator who provisions mailboxes. The form goes to both; the session keeps
 * what each granted, so the same person may be both where one account is configured for both.
 */
@ConsoleSide
@Component
public class StaffLogin implements AuthenticationProvider {

    private final SessionIssuer auditLog;
    private final SessionIssuer deliveryPoint;

    public StaffLogin(RestClient.Builder http, WebmailProperties properties) {
        this.auditLog = new SessionIssuer(http, properties.auditLogOfConsole(), "/admin/v1/sessions",
                properties.frontendKey());
        this.deliveryPoint = new SessionIssuer(http, properties.deliveryPoint(), "/api/v1/sessions",
                properties.frontendKey());
    }

    @Override
    public Authentication authenticate(Authentication form) {
        LoginDetails details = form.getDetails() instanceof LoginDetails d ? d : null;
        String code = details == null ? null : details.code();
        String address = details == null ? null : details.getRemoteAddress();
        String password = form.getCredentials() == null ? "" : form.getCredentials().toString();
        String username = form.getName().strip();
        List<LoginRefused> refusals = new ArrayList<>();
        SessionIssuer.Session log = attempt(auditLog, username, password, code, address, refusals);
        SessionIssuer.Session provisioning = attempt(deliveryPoint, username, password, code, address, refusals);
        boolean codeAsked = refusals.stream().anyMatch(r -> r.reason() == LoginRefused.Reason.CODE_NEEDED);
        if (codeAsked && (code == null || code.isBlank())) {
            // Half a login would hide pages the person may see: the code is asked for first.
            throw new LoginRefused(LoginRefused.Reason.CODE_NEEDED, null, null);
        }
        Set<String> roles = new LinkedHashSet<>();
        String logToken = staffToken(log, roles);
        String provisioningToken = staffToken(provisioning, roles);
        if (roles.isEmpty()) {
            // A locked login says so; a service that could not be asked may be the one that knows this person.
            throw refusals.stream().filter(r -> r.reason() == LoginRefused.Reason.LOCKED).findFirst()
                    .or(() -> refusals.stream().filter(r -> r.reason() == LoginRefused.Reason.UNAVAILABLE)
                            .findFirst())
                    .orElse(new LoginRefused(LoginRefused.Reason.CREDENTIALS, null, null));
        }
        return new ConsoleSession(logToken != null ? log.account() : provisioning.account(), roles, logToken,
                provisioningToken);
    }

    /** One service's answer: its session, or null with why it refused added to {@code refusals}. */
    private static SessionIssuer.Session attempt(SessionIssuer service, String username, String password, String code,
            String address, List<LoginRefused> refusals) {
        try {
            return service.login(username, password, code, address);
        } catch (LoginRefused refused) {
            refusals.add(refused);
        } catch (RestClientException | IllegalStateException e) {
            refusals.add(new LoginRefused(LoginRefused.Reason.UNAVAILABLE, null, e));
        }
        return null;
    }

    /** The session's token when it grants a staff role (a mailbox owner's does not), its roles added to {@code into}. */
    private static String staffToken(SessionIssuer.Session session, Set<String> into) {
        if (session == null) {
            return null;
        }
        List<String> staff = session.roles().stream().filter(ConsoleSession.STAFF_ROLES::contains).toList();
        into.addAll(staff);
        return staff.isEmpty() ? null : session.token();
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
