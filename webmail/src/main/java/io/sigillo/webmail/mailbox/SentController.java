package io.sigillo.webmail.mailbox;

import io.sigillo.webmail.login.WebmailSession;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/** What the owner sent: each message followed per recipient, each step linked to the receipt that proves it. */
@Controller
public class SentController {

    private final MailboxClient mailbox;

    public SentController(MailboxClient mailbox) {
        this.mailbox = mailbox;
    }

    @GetMapping("/inviati")
    public String sent(@RequestParam(name = "pagina", defaultValue = "1") int page, WebmailSession session,
            Model model) {
        model.addAttribute("account", session.account());
        model.addAttribute("sent", mailbox.sent(session, page - 1));
        return "sent";
    }

    @GetMapping("/inviati/{id}")
    public String timeline(@PathVariable UUID id, WebmailSession session, Model model) {
        model.addAttribute("account", session.account());
        model.addAttribute("timeline", mailbox.sentMessage(session, id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
        return "timeline";
    }
}
