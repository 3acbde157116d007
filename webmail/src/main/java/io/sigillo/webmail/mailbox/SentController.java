package io.sigillo.webmail.mailbox;

import io.sigillo.webmail.login.WebmailSession;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
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

    /** The sent messages, newest first, or what the search form asks for. */
    @GetMapping("/inviati")
    public String sent(@RequestParam(name = "pagina", defaultValue = "1") int page, @ModelAttribute Search search,
            BindingResult unreadable, WebmailSession session, Model model) {
        Search asked = unreadable.hasErrors() ? Search.NOTHING : search;
        model.addAttribute("account", session.account());
        model.addAttribute("search", asked);
        model.addAttribute("sent", mailbox.sent(session, asked, page - 1));
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
