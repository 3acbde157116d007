package io.sigillo.webmail.console;

import io.sigillo.webmail.WebmailProperties;
import io.sigillo.webmail.mailbox.SessionExpired;
import io.sigillo.webmail.web.ConsoleSide;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.client.RestClient;
import org.springframework.web.server.ResponseStatusException;

/**
 * The relay's queue for the operator (ADR 0036): what waits for its first hand-over, what waits to be tried again and
 * why, and what was given up, as the access point holds them; read with the delivery point's session token, which the
 * access point checks as its own.
 */
@ConsoleSide
@Controller
public class RelayController {

    private static final int PAGE_SIZE = 25;

    private final RestClient accessPoint;

    public RelayController(RestClient.Builder http, WebmailProperties properties) {
        this.accessPoint = SessionExpired.whenRefused(http.baseUrl(Objects.requireNonNull(properties.accessPoint(),
                "the console's relay page needs sigillo.webmail.access-point").toString())).build();
    }

    @GetMapping("/inoltro")
    public String queue(@RequestParam(name = "coda", defaultValue = "RETRYING") String queue,
            @RequestParam(name = "pagina", defaultValue = "1") int page, ConsoleSession session, Model model) {
        if (!RelayQueue.QUEUES.contains(queue) || session.deliveryPointToken() == null) {
            throw new ResponseStatusException(session.deliveryPointToken() == null ? HttpStatus.FORBIDDEN
                    : HttpStatus.NOT_FOUND);
        }
        RelayQueue found = accessPoint.get().uri(uri -> uri.path("/admin/v1/relay").queryParam("queue", queue)
                        .queryParam("page", Math.max(page, 1) - 1).queryParam("size", PAGE_SIZE).build())
                .headers(h -> h.setBearerAuth(session.deliveryPointToken())).retrieve().body(RelayQueue.class);
        model.addAttribute("account", session.account());
        model.addAttribute("queues", RelayQueue.QUEUES);
        model.addAttribute("relay", found);
        return "console-relay";
    }
}
