package io.sigillo.webmail.mailbox;

import io.sigillo.webmail.login.WebmailSession;
import io.sigillo.webmail.web.MailboxOwnersSide;
import io.sigillo.webmail.web.SearchForms;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The owner's mailbox: what arrived, newest first, a page at a time. */
@MailboxOwnersSide
@Controller
public class MailboxController {

    private final MailboxClient mailbox;

    public MailboxController(MailboxClient mailbox) {
        this.mailbox = mailbox;
    }

    @GetMapping("/")
    public String home() {
        return "redirect:/posta";
    }

    /** One message as its owner's mail client would store it: the exact signed bytes, as an {@code .eml} file. */
    @GetMapping("/posta/{id}/eml")
    public void download(@PathVariable UUID id, WebmailSession session, HttpServletResponse response)
            throws IOException {
        if (!mailbox.download(session, id, response)) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    /** The mailbox, newest first, or what the search form asks for. */
    @GetMapping("/posta")
    public String inbox(@RequestParam(name = "pagina", defaultValue = "1") int page, @ModelAttribute Search search,
            BindingResult unreadable, WebmailSession session, Model model) {
        model.addAttribute("account", session.account());
        Search asked = unreadable.hasErrors() ? Search.NOTHING : search;
        model.addAttribute("search", asked);
        model.addAttribute("mailbox", SearchForms.run(asked.overlong(), () -> mailbox.page(session, asked, page - 1),
                Paged.<MailboxEntry>nothing(), model));
        return "inbox";
    }
}
