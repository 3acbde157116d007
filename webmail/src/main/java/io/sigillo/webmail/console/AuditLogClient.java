package io.sigillo.webmail.console;

import io.sigillo.webmail.WebmailProperties;
import io.sigillo.webmail.mailbox.SessionExpired;
import io.sigillo.webmail.web.ConsoleSide;
import io.sigillo.webmail.web.ServiceAnswers;
import jakarta.servlet.http.HttpServletResponse;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriBuilder;

/** Reads the provider's log at the audit log's admin API, with the member of staff's session token. */
@ConsoleSide
@Component
public class AuditLogClient {

    /** How many messages a page of the search lists. */
    static final int PAGE_SIZE = 25;

    private static final ParameterizedTypeReference<List<LoggedReceipt>> RECEIPTS =
            new ParameterizedTypeReference<>() {
            };

    private final RestClient http;

    public AuditLogClient(RestClient.Builder http, WebmailProperties properties) {
        this.http = http.baseUrl(properties.auditLogOfConsole().toString()).build();
    }

    /** Page {@code page} (from 0) of the messages the log knows that {@code search} matches, newest first. */
    public LogPage search(ConsoleSession session, LogSearch search, int page) {
        return get(session, uri -> search.query(uri.path("/admin/v1/messages"), page, PAGE_SIZE),
                answer -> answer.bodyTo(LogPage.class)).orElseThrow();
    }

    /** Every logged step of message {@code id}; empty when the log knows nothing of it. */
    public Optional<MessageTrace> trace(ConsoleSession session, String id) {
        return get(session, uri -> uri.path("/admin/v1/messages/{id}/trace").build(id),
                answer -> answer.bodyTo(MessageTrace.class));
    }

    /** The signed messages of message {@code id}: receipts, notices and envelopes issued here or received. */
    public List<LoggedReceipt> receipts(ConsoleSession session, String id) {
        return get(session, uri -> uri.path("/admin/v1/messages/{id}/receipts").build(id),
                answer -> answer.bodyTo(RECEIPTS)).orElse(List.of());
    }

    /** The verification of the log's chains and seals over the months {@code from} to {@code to} (null: all). */
    public LogReport verify(ConsoleSession session, YearMonth from, YearMonth to) {
        return get(session, uri -> uri.path("/admin/v1/log/verify")
                        .queryParamIfPresent("from", Optional.ofNullable(from))
                        .queryParamIfPresent("to", Optional.ofNullable(to)).build(),
                answer -> answer.bodyTo(LogReport.class)).orElseThrow();
    }

    /** The provider's signing certificate in use and the retired ones. */
    public ProviderCertificates certificates(ConsoleSession session) {
        return get(session, uri -> uri.path("/admin/v1/certificates").build(),
                answer -> answer.bodyTo(ProviderCertificates.class)).orElseThrow();
    }

    /**
     * Streams the reproduction of receipt {@code id}, signed now by the provider, to {@code response} as
     * {@code name}; false when the log has no such receipt.
     */
    public boolean reproduction(ConsoleSession session, String id, String name, HttpServletResponse response) {
        return download(session, uri -> uri.path("/admin/v1/receipts/{id}/reproduction").build(id), name, response);
    }

    /** Streams message {@code id}'s signed export (its trace and signed messages) to {@code response} as {@code name}. */
    public boolean export(ConsoleSession session, String id, String name, HttpServletResponse response) {
        return download(session, uri -> uri.path("/admin/v1/messages/{id}/export").build(id), name, response);
    }

    private boolean download(ConsoleSession session, Function<UriBuilder, URI> uri, String name,
            HttpServletResponse response) {
        return get(session, uri, answer -> {
            try (InputStream body = answer.getBody()) {
                ServiceAnswers.message(answer.getHeaders().getContentLength(), body,
                        ContentDisposition.attachment().filename(name, StandardCharsets.UTF_8).build(), response);
            }
            return true;
        }).orElse(false);
    }

    /**
     * A GET with the log's token whose successful answer {@code read} reads: empty on 404, {@link SessionExpired}
     * when the token is refused, 409 (a receipt another provider issued, or no signing key) and 403 passed on, any
     * other failure thrown.
     */
    private <T> Optional<T> get(ConsoleSession session, Function<UriBuilder, URI> uri,
            ServiceAnswers.Reader<T> read) {
        if (session.auditLogToken() == null) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN);
        }
        return http.get().uri(uri)
                .headers(h -> h.setBearerAuth(session.auditLogToken()))
                .exchange((request, answer) -> {
                    if (answer.getStatusCode().isSameCodeAs(HttpStatus.CONFLICT)
                            || answer.getStatusCode().isSameCodeAs(HttpStatus.FORBIDDEN)) {
                        throw new ResponseStatusException(answer.getStatusCode());
                    }
                    return ServiceAnswers.read("the audit log", request, answer, read);
                });
    }
}
