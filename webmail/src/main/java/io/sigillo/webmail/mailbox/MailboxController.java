package io.sigillo.webmail.mailbox;

import io.sigillo.webmail.login.WebmailSession;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The owner's mailbox: what arrived, newest first, a page at a time. */
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

    @GetMapping("/posta")
    public String inbox(@RequestParam(name = "pagina", defaultValue = "1") int page, WebmailSession session,
            Model model) {
        model.addAttribute("account", session.account());
        model.addAttribute("mailbox", mailbox.page(session, page - 1));
        return "inbox";
    }
}
