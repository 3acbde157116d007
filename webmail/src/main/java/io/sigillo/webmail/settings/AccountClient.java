package io.sigillo.webmail.settings;

import io.sigillo.webmail.WebmailProperties;
import io.sigillo.webmail.login.WebmailSession;
import io.sigillo.webmail.mailbox.SessionExpired;
import io.sigillo.webmail.web.MailboxOwnersSide;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The owner's account at the delivery point: quota and use, app passwords, two-factor login. */
@MailboxOwnersSide
@Component
public class AccountClient {

    private static final ParameterizedTypeReference<Summary> SUMMARY = new ParameterizedTypeReference<>() {
    };
    private static final ParameterizedTypeReference<List<AppPassword>> APP_PASSWORDS =
            new ParameterizedTypeReference<>() {
            };
    private static final ParameterizedTypeReference<TwoFactor> TWO_FACTOR = new ParameterizedTypeReference<>() {
    };

    private final RestClient http;
    private final JsonMapper json;

    public AccountClient(RestClient.Builder http, WebmailProperties properties, JsonMapper json) {
        this.http = SessionExpired.whenRefused(http.baseUrl(properties.deliveryPoint().toString())).build();
        this.json = json;
    }

    /** The mailbox's address, quota, use and whether it has two-factor login on. */
    public record Summary(String address, long quotaBytes, long usedBytes, boolean twoFactor) {

        /** The share of the quota in use, in whole percent. */
        public int percent() {
            return quotaBytes <= 0 ? 0 : (int) Math.min(100, usedBytes * 100 / quotaBytes);
        }
    }

    /** An app password as listed: never its secret. */
    public record AppPassword(UUID id, String name, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {
    }

    /** What a new app password is asked with: a name and, unless it lasts until revoked, its days. */
    private record NewAppPassword(String name, Integer expiresInDays) {
    }

    /** Where two-factor login stands. */
    public record TwoFactor(boolean enabled, Instant enrolledAt, Instant enabledAt, int recoveryCodesLeft) {
    }

    /**
     * What the delivery point answered a change: done, with what it shows once (a secret, codes), or refused with
     * its status and reason.
     */
    public record Answer(int status, JsonNode body) {

        /** Done. */
        public boolean done() {
            return status / 100 == 2;
        }

        /** The reason of a refusal, as the delivery point gave it. */
        public String reason() {
            return body == null ? null : body.path("detail").asString(null);
        }
    }

    public Summary summary(WebmailSession session) {
        return get(session, "/api/v1/mailbox", SUMMARY);
    }

    public List<AppPassword> appPasswords(WebmailSession session) {
        return get(session, "/api/v1/mailbox/app-passwords", APP_PASSWORDS);
    }

    public TwoFactor twoFactor(WebmailSession session) {
        return get(session, "/api/v1/mailbox/two-factor", TWO_FACTOR);
    }

    /** A new app password named {@code name}, lasting {@code days} (null: until revoked). */
    public Answer createAppPassword(WebmailSession session, String name, Integer days) {
        return send(session, HttpMethod.POST, "/api/v1/mailbox/app-passwords", new NewAppPassword(name, days));
    }

    public Answer revokeAppPassword(WebmailSession session, UUID id) {
        return send(session, HttpMethod.DELETE, "/api/v1/mailbox/app-passwords/" + id, null);
    }

    public Answer enrolTwoFactor(WebmailSession session) {
        return send(session, HttpMethod.POST, "/api/v1/mailbox/two-factor", null);
    }

    public Answer confirmTwoFactor(WebmailSession session, String code) {
        return send(session, HttpMethod.POST, "/api/v1/mailbox/two-factor/confirmation", Map.of("code", code));
    }

    public Answer renewRecoveryCodes(WebmailSession session, String code) {
        return send(session, HttpMethod.POST, "/api/v1/mailbox/two-factor/recovery-codes", Map.of("code", code));
    }

    public Answer disableTwoFactor(WebmailSession session, String code) {
        return send(session, HttpMethod.DELETE, "/api/v1/mailbox/two-factor", Map.of("code", code));
    }

    private <T> T get(WebmailSession session, String path, ParameterizedTypeReference<T> type) {
        return http.get().uri(path).headers(h -> h.setBearerAuth(session.token())).retrieve().body(type);
    }

    private Answer send(WebmailSession session, HttpMethod method, String path, Object body) {
        RestClient.RequestBodySpec request = http.method(method).uri(path)
                .headers(h -> h.setBearerAuth(session.token()));
        if (body != null) {
            request = request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return request.exchange((sent, answer) -> {
            if (answer.getStatusCode().isSameCodeAs(HttpStatus.UNAUTHORIZED)) {
                throw new SessionExpired();
            }
            try (InputStream in = answer.getBody()) {
                byte[] bytes = in.readAllBytes();
                return new Answer(answer.getStatusCode().value(), bytes.length == 0 ? null : json.readTree(bytes));
            }
        });
    }
}
