package io.sigillo.webmail.login;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * A service that logs people in for a session token: the delivery point for mailbox owners and its operator
 * ({@code POST /api/v1/sessions}, ADR 0027), the audit log for compliance staff ({@code POST /admin/v1/sessions},
 * ADR 0036).
 */
public final class SessionIssuer {

    /** A login the service took: {@code token} opens the provider's APIs until {@code expiresAt}. */
    public record Session(String token, Instant expiresAt, String account, List<String> roles) {
    }

    /** The parts of a refusal this client reads. */
    record Problem(String twoFactor) {
    }

    /** The headers with which the service takes the browser's address (its {@code LoginAddresses}). */
    static final String FRONTEND_KEY = "Sigillo-Frontend-Key";
    static final String CLIENT_ADDRESS = "Sigillo-Client-Address";

    private final RestClient http;
    private final String path;
    private final String frontendKey;

    /** Logins at {@code path} of the service at {@code base}, naming the browser's address with {@code frontendKey}. */
    public SessionIssuer(RestClient.Builder http, URI base, String path, String frontendKey) {
        this.http = http.clone().baseUrl(base.toString()).build();
        this.path = path;
        this.frontendKey = frontendKey;
    }

    /**
     * One login attempt from the browser at {@code clientAddress}; the password goes to the service and nowhere else.
     *
     * @throws LoginRefused when the service refuses it, saying why
     */
    public Session login(String username, String password, String code, String clientAddress) {
        Map<String, String> body = code == null || code.isBlank()
                ? Map.of("username", username, "password", password)
                : Map.of("username", username, "password", password, "code", code.strip());
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body)
                .headers(headers -> {
                    if (frontendKey != null && !frontendKey.isBlank() && clientAddress != null) {
                        headers.set(FRONTEND_KEY, frontendKey);
                        headers.set(CLIENT_ADDRESS, clientAddress);
                    }
                })
                .exchange((request, response) -> {
                    if (response.getStatusCode().isSameCodeAs(HttpStatus.CREATED)) {
                        return response.bodyTo(Session.class);
                    }
                    if (response.getStatusCode().isSameCodeAs(HttpStatus.TOO_MANY_REQUESTS)) {
                        throw new LoginRefused(LoginRefused.Reason.LOCKED, retryAfter(response.getHeaders()), null);
                    }
                    if (response.getStatusCode().isSameCodeAs(HttpStatus.UNAUTHORIZED)) {
                        Problem problem = response.bodyTo(Problem.class);
                        throw new LoginRefused(problem != null && "required".equals(problem.twoFactor())
                                ? LoginRefused.Reason.CODE_NEEDED : LoginRefused.Reason.CREDENTIALS, null, null);
                    }
                    if (response.getStatusCode().isSameCodeAs(HttpStatus.FORBIDDEN)) {
                        throw new LoginRefused(LoginRefused.Reason.DISABLED, null, null);
                    }
                    if (response.getStatusCode().isSameCodeAs(HttpStatus.BAD_REQUEST)) {
                        // A field over its length: no account has such a name or password.
                        throw new LoginRefused(LoginRefused.Reason.CREDENTIALS, null, null);
                    }
                    throw new IllegalStateException(path + " answered " + response.getStatusCode());
                });
    }

    private static Duration retryAfter(HttpHeaders headers) {
        try {
            return Duration.ofSeconds(Long.parseLong(headers.getFirst(HttpHeaders.RETRY_AFTER)));
        } catch (NumberFormatException e) {
            return Duration.ofMinutes(1);
        }
    }
}
