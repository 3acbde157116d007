package io.sigillo.webmail.sent;

import io.sigillo.pec.daticert.Daticert;
import io.sigillo.webmail.login.WebmailSession;
import io.sigillo.webmail.mailbox.MailboxClient;
import io.sigillo.webmail.mailbox.MessageTooLarge;
import io.sigillo.webmail.mailbox.Paged;
import io.sigillo.webmail.mailbox.Search;
import io.sigillo.webmail.mailbox.SentMessage;
import io.sigillo.webmail.mailbox.SentTimeline;
import io.sigillo.webmail.message.MessageReader;
import io.sigillo.webmail.message.MessageReading;
import io.sigillo.webmail.web.MailboxOwnersSide;
import io.sigillo.webmail.web.SearchForms;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
@MailboxOwnersSide
@Controller
public class SentController {

    /** A non-delivery notice is a few kilobytes, its original aside: one larger is not opened for its reason. */
    private static final int LARGEST_NOTICE_READ = 4 * 1024 * 1024;

    private final MailboxClient mailbox;
    private final MessageReader reader;

    public SentController(MailboxClient mailbox, MessageReader reader) {
        this.mailbox = mailbox;
        this.reader = reader;
    }

    /** The sent messages, newest first, or what the search form asks for. */
    @GetMapping("/inviati")
    public String sent(@RequestParam(name = "pagina", defaultValue = "1") int page, @ModelAttribute Search search,
            BindingResult unreadable, WebmailSession session, Model model) {
        Search asked = unreadable.hasErrors() ? Search.NOTHING : search;
        model.addAttribute("account", session.account());
        model.addAttribute("search", asked);
        model.addAttribute("sent", SearchForms.run(asked.overlong(), () -> mailbox.sent(session, asked, page - 1),
                Paged.<SentMessage>nothing(), model));
        return "sent";
    }

    /**
     * One sent message's timeline. For a recipient it was not delivered to, the reason is read from the signed
     * notice's daticert.xml ({@code errore-esteso}), checked as its page checks it; the notice keeps its read state.
     */
    @GetMapping("/inviati/{id}")
    public String timeline(@PathVariable UUID id, WebmailSession session, Model model) {
        SentTimeline timeline = mailbox.sentMessage(session, id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        Map<String, String> reasons = new LinkedHashMap<>();
        for (SentMessage.RecipientProgress recipient : timeline.message().recipients()) {
            if (recipient.progress().equals("NOT_DELIVERED")) {
                reason(session, recipient.receipt()).ifPresent(reason -> reasons.put(recipient.address(), reason));
            }
        }
        model.addAttribute("account", session.account());
        model.addAttribute("timeline", timeline);
        model.addAttribute("reasons", reasons);
        return "timeline";
    }

    /** Why a signed non-delivery notice says its message was not delivered, when it is valid and says. */
    private Optional<String> reason(WebmailSession session, UUID notice) {
        try {
            return mailbox.read(session, notice, LARGEST_NOTICE_READ, true).map(reader::read)
                    .filter(MessageReading::valid)
                    .map(MessageReading::daticert)
                    .map(Daticert::extendedError);
        } catch (MessageTooLarge e) {
            return Optional.empty();
        }
    }
}
