package io.sigillo.webmail.console;

import io.sigillo.webmail.WebmailProperties;
import io.sigillo.webmail.mailbox.SessionExpired;
import io.sigillo.webmail.web.ConsoleSide;
import io.sigillo.webmail.web.QueryRefused;
import io.sigillo.webmail.web.QueryStrings;
import io.sigillo.webmail.web.ServiceAnswers;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.server.ResponseStatusException;

/** The delivery point's provisioning of mailboxes, with the operator's session token (ADR 0036). */
@ConsoleSide
@Component
public class ProvisioningClient {

    /** How many mailboxes a page lists. */
    static final int PAGE_SIZE = 25;

    /** The parts of a refusal the pages show. */
    record Problem(String detail) {
    }

    /** The delivery point refused a change, saying why (a taken address, another domain, a short password). */
    public static final class Refused extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Refused(String why) {
            super(why);
        }
    }

    private final RestClient http;

    public ProvisioningClient(RestClient.Builder http, WebmailProperties properties) {
        this.http = SessionExpired.whenRefused(http.baseUrl(properties.deliveryPoint().toString())).build();
    }

    /**
     * Page {@code page} (from 0) of the mailboxes whose address contains {@code part} (null: all);
     * {@link QueryRefused} when the delivery point will not search for it.
     */
    public ProvisionedMailbox.Page page(ConsoleSession session, String part, int page) {
        return http.get().uri(uri -> {
                    uri.path("/admin/v1/mailboxes").queryParam("page", Math.max(page, 0)).queryParam("size", PAGE_SIZE);
                    Map<String, Object> typed = QueryStrings.typed(uri, "contains", part);
                    return uri.build(typed);
                })
                .headers(h -> h.setBearerAuth(token(session))).retrieve()
                .onStatus(status -> status.isSameCodeAs(HttpStatus.BAD_REQUEST), (request, answer) -> {
                    throw new QueryRefused("the delivery point answered 400 to " + request.getURI().getPath());
                })
                .body(ProvisionedMailbox.Page.class);
    }

    /** The mailbox, or empty when there is none with that address. */
    public Optional<ProvisionedMailbox> get(ConsoleSession session, String address) {
        return http.get().uri("/admin/v1/mailboxes/{address}", address)
                .headers(h -> h.setBearerAuth(token(session)))
                .exchange((request, answer) -> ServiceAnswers.read("the delivery point", request, answer,
                        mailbox -> mailbox.bodyTo(ProvisionedMailbox.class)));
    }

    /** Creates a mailbox; {@link Refused} with the delivery point's reason when it does not. */
    public void create(ConsoleSession session, String address, String password, Long quotaBytes) {
        Map<String, Object> body = quotaBytes == null ? Map.of("address", address, "password", password)
                : Map.of("address", address, "password", password, "quotaBytes", quotaBytes);
        send(session, HttpMethod.POST, "/admin/v1/mailboxes", null, body);
    }

    /** Sets the quota and whether the mailbox is active, each when not null. */
    public void change(ConsoleSession session, String address, Long quotaBytes, Boolean active) {
        Map<String, Object> body = new HashMap<>();
        if (quotaBytes != null) {
            body.put("quotaBytes", quotaBytes);
        }
        if (active != null) {
            body.put("active", active);
        }
        send(session, HttpMethod.PATCH, "/admin/v1/mailboxes/{address}", address, body);
    }

    /** Resets the owner's credentials to {@code password} (app passwords and second factor gone). */
    public void reset(ConsoleSession session, String address, String password) {
        send(session, HttpMethod.POST, "/admin/v1/mailboxes/{address}/reset", address,
                Map.of("password", password));
    }

    private void send(ConsoleSession session, HttpMethod method, String path, String address, Map<String, ?> body) {
        http.method(method)
                .uri(path, address == null ? new Object[0] : new Object[] {address})
                .headers(h -> h.setBearerAuth(token(session))).contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange((request, answer) -> {
                    if (answer.getStatusCode().isSameCodeAs(HttpStatus.UNAUTHORIZED)) {
                        throw new SessionExpired();
                    }
                    if (answer.getStatusCode().is4xxClientError()) {
                        Problem problem = answer.bodyTo(Problem.class);
                        throw new Refused(problem == null || problem.detail() == null
                                ? answer.getStatusCode().toString() : problem.detail());
                    }
                    if (!answer.getStatusCode().is2xxSuccessful()) {
                        throw new IllegalStateException("the delivery point answered " + answer.getStatusCode());
                    }
                    return null;
                });
    }

    private static String token(ConsoleSession session) {
        if (session.deliveryPointToken() == null) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN);
        }
        return session.deliveryPointToken();
    }
}
