package io.sigillo.webmail.mailbox;

import io.sigillo.webmail.WebmailProperties;
import io.sigillo.webmail.login.WebmailSession;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** Reads the owner's mailbox at the delivery point, with the owner's session token. */
@Component
public class MailboxClient {

    /** The most the delivery point lists on one page. */
    static final int PAGE_SIZE = 25;

    private final RestClient http;

    public MailboxClient(RestClient.Builder http, WebmailProperties properties) {
        this.http = http.baseUrl(properties.deliveryPoint().toString()).build();
    }

    /** Page {@code page} (from 0) of the mailbox, newest first. */
    public MailboxPage page(WebmailSession session, int page) {
        return http.get().uri("/api/v1/mailbox/messages?page={page}&size={size}", Math.max(page, 0), PAGE_SIZE)
                .headers(h -> h.setBearerAuth(session.token()))
                .retrieve()
                .onStatus(status -> status.isSameCodeAs(HttpStatus.UNAUTHORIZED), (request, response) -> {
                    throw new SessionExpired();
                })
                .body(MailboxPage.class);
    }
}
