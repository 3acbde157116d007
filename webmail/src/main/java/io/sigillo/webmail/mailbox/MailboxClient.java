package io.sigillo.webmail.mailbox;

import io.sigillo.webmail.WebmailProperties;
import io.sigillo.webmail.login.WebmailSession;
import io.sigillo.webmail.web.MailboxOwnersSide;
import io.sigillo.webmail.web.ServiceAnswers;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.ContentDisposition;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriBuilder;

/** Reads the owner's mailbox at the delivery point, with the owner's session token. */
@MailboxOwnersSide
@Component
public class MailboxClient {

    /** The most the delivery point lists on one page. */
    static final int PAGE_SIZE = 25;

    private static final ParameterizedTypeReference<Paged<MailboxEntry>> INBOX = new ParameterizedTypeReference<>() {
    };
    private static final ParameterizedTypeReference<Paged<SentMessage>> SENT = new ParameterizedTypeReference<>() {
    };
    private static final ParameterizedTypeReference<SentTimeline> TIMELINE = new ParameterizedTypeReference<>() {
    };

    private final RestClient http;

    public MailboxClient(RestClient.Builder http, WebmailProperties properties) {
        this.http = http.baseUrl(properties.deliveryPoint().toString()).build();
    }

    /**
     * Copies message {@code id} of the owner's mailbox, exactly as signed, to {@code response} as an {@code .eml}
     * download, a buffer at a time; false when the mailbox has no such message.
     */
    public boolean download(WebmailSession session, UUID id, HttpServletResponse response) {
        return raw(session, id, false, (length, body) -> {
            ServiceAnswers.message(length, body, ContentDisposition.attachment()
                    .filename("messaggio-" + id + ".eml").build(), response);
            return true;
        }).orElse(false);
    }

    /**
     * The exact bytes of message {@code id} of the owner's mailbox, when it has one of at most {@code largest}
     * bytes; a larger one throws {@link MessageTooLarge} before more than that is read. It counts as read, for mail
     * clients too, unless {@code peek}.
     */
    public Optional<byte[]> read(WebmailSession session, UUID id, int largest, boolean peek) {
        return raw(session, id, peek, (length, body) -> {
            if (length > largest) {
                throw new MessageTooLarge(length);
            }
            byte[] bytes = body.readNBytes(largest + 1);
            if (bytes.length > largest) {
                throw new MessageTooLarge(-1);
            }
            return bytes;
        });
    }

    /** Hands the stored bytes of message {@code id} and their length (-1 when unknown) to {@code reader}. */
    private <T> Optional<T> raw(WebmailSession session, UUID id, boolean peek, RawReader<T> reader) {
        return get(session, uri -> uri.path("/api/v1/mailbox/messages/{id}/raw").queryParam("peek", peek).build(id),
                answer -> {
                    try (InputStream body = answer.getBody()) {
                        return reader.read(answer.getHeaders().getContentLength(), body);
                    }
                });
    }

    /** What is done with a message's bytes as they arrive. */
    @FunctionalInterface
    private interface RawReader<T> {
        T read(long length, InputStream body) throws IOException;
    }

    /** Page {@code page} (from 0) of what the mailbox holds that {@code search} matches, newest first. */
    public Paged<MailboxEntry> page(WebmailSession session, Search search, int page) {
        return call(session, uri -> search.query(uri.path("/api/v1/mailbox/messages"), page, PAGE_SIZE),
                INBOX).orElseThrow();
    }

    /**
     * Page {@code page} (from 0) of the messages the owner sent that {@code search} matches, newest first, each
     * followed per recipient.
     */
    public Paged<SentMessage> sent(WebmailSession session, Search search, int page) {
        return call(session, uri -> search.query(uri.path("/api/v1/mailbox/sent"), page, PAGE_SIZE), SENT)
                .orElseThrow();
    }

    /** The sent message whose acceptance is {@code id}, with its receipts; empty when the owner sent no such. */
    public Optional<SentTimeline> sentMessage(WebmailSession session, UUID id) {
        return call(session, uri -> uri.path("/api/v1/mailbox/sent/{id}").build(id), TIMELINE);
    }

    /** A GET with the session's token: empty on 404, {@link SessionExpired} when the token is refused. */
    private <T> Optional<T> call(WebmailSession session, Function<UriBuilder, URI> uri,
            ParameterizedTypeReference<T> type) {
        return get(session, uri, answer -> answer.bodyTo(type));
    }

    /**
     * A GET with the session's token whose successful answer {@code read} reads: empty on 404 (or an empty body),
     * {@link SessionExpired} when the token is refused, any other failure thrown.
     */
    private <T> Optional<T> get(WebmailSession session, Function<UriBuilder, URI> uri,
            ServiceAnswers.Reader<T> read) {
        return http.get().uri(uri)
                .headers(h -> h.setBearerAuth(session.token()))
                .exchange((request, answer) -> ServiceAnswers.read("the delivery point", request, answer, read));
    }
}
