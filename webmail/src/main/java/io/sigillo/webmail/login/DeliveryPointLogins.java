package io.sigillo.webmail.login;

import io.sigillo.webmail.WebmailProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** Logs mailbox owners in at the delivery point ({@code POST /api/v1/sessions}, ADR 0027). */
@Component
public class DeliveryPointLogins {

    /** A login the delivery point took: {@code token} opens the provider's APIs until {@code expiresAt}. */
    public record Session(String token, Instant expiresAt, String account, List<String> roles) {
    }

    /** The parts of a refusal this client reads. */
    record Problem(String twoFactor) {
    }

    /** The headers with which the delivery point takes the browser's address (its {@code LoginAddresses}). */
    static final String FRONTEND_KEY = "Sigillo-Frontend-Key";
    static final String CLIENT_ADDRESS = "Sigillo-Client-Address";

    private final RestClient http;
    private final String frontendKey;

    public DeliveryPointLogins(RestClient.Builder http, WebmailProperties properties) {
        this.http = http.baseUrl(properties.deliveryPoint().toString()).build();
        this.frontendKey = properties.frontendKey();
    }

    /**
     * One login attempt from the browser at {@code clientAddress}; the password goes to the delivery point and
     * nowhere else.
     *
     * @throws LoginRefused when the delivery point refuses it, saying why
     */
    public Session login(String username, String password, String code, String clientAddress) {
        Map<String, String> body = code == null || code.isBlank()
                ? Map.of("username", username, "password", password)
                : Map.of("username", username, "password", password, "code", code.strip());
        return http.post().uri("/api/v1/sessions").contentType(MediaType.APPLICATION_JSON).body(body)
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
                    if (response.getStatusCode().isSameCodeAs(HttpStatus.BAD_REQUEST)) {
                        // A field over its length: no account has such a name or password.
                        throw new LoginRefused(LoginRefused.Reason.CREDENTIALS, null, null);
                    }
                    throw new IllegalStateException("the delivery point answered " + response.getStatusCode()
                            + " to a login");
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
