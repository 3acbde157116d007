package io.sigillo.webmail.console;

import io.sigillo.webmail.web.ConsoleSide;
import io.sigillo.webmail.web.QueryStrings;
import io.sigillo.webmail.web.SearchForms;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The console's pages over the provider's log: search, a message's trace with its signed messages, the reproductions
 * and the signed export to download, and the log's verification with its first broken link.
 */
@ConsoleSide
@Controller
public class ConsoleController {

    /** What a message or receipt identifier may look like: a Message-ID's inside, nothing that splits a path. */
    private static final Pattern IDENTIFIER = Pattern.compile("[\\x21-\\x7e&&[^/\\\\<>\"]]{1,512}");

    private static final ZoneId ITALY = ZoneId.of("Europe/Rome");

    private final AuditLogClient log;
    private final Clock clock;

    public ConsoleController(AuditLogClient log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** Where a member of staff starts: the log's search, its verification, or the mailboxes, by role. */
    @GetMapping("/")
    public String home(ConsoleSession session) {
        if (session.may("COMPLIANCE")) {
            return "redirect:/registro";
        }
        return session.may("OPERATOR") ? "redirect:/verifica" : "redirect:/caselle";
    }

    /** The messages the log knows that the form asks for, newest first; an identifier typed opens its trace. */
    @GetMapping("/registro")
    public String search(@RequestParam(name = "pagina", defaultValue = "1") int page,
            @RequestParam(name = "id", required = false) String id, @ModelAttribute LogSearch search,
            BindingResult unreadable, ConsoleSession session, Model model) {
        if (id != null && !id.isBlank()) {
            return "redirect:" + QueryStrings.link("/registro/messaggio", "id", unbracketed(id));
        }
        LogSearch asked = unreadable.hasErrors() ? LogSearch.NOTHING : search;
        model.addAttribute("account", session.account());
        model.addAttribute("search", asked);
        model.addAttribute("found", SearchForms.run(asked.overlong(),
                () -> log.search(session, asked, Math.max(page, 1) - 1), new LogPage(List.of(), 0, 1), model));
        return "console-search";
    }

    /** A message's trace in the log, step by step, and the signed messages that prove its steps. */
    @GetMapping("/registro/messaggio")
    public String message(@RequestParam String id, ConsoleSession session, Model model) {
        String messageId = identifier(id);
        MessageTrace trace = log.trace(session, messageId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("account", session.account());
        model.addAttribute("trace", trace);
        model.addAttribute("receipts", log.receipts(session, messageId));
        return "console-message";
    }

    /** The message's signed export: its trace and signed messages in a message the provider signs now. */
    @GetMapping("/registro/messaggio/estratto")
    public void export(@RequestParam String id, ConsoleSession session, HttpServletResponse response) {
        String messageId = identifier(id);
        if (!log.export(session, messageId, "estratto-" + messageId + ".eml", response)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }

    /** A reproduction of a receipt this provider issued, with the same legal value, signed now. */
    @GetMapping("/registro/riproduzione")
    public void reproduction(@RequestParam String id, ConsoleSession session, HttpServletResponse response) {
        String receiptId = identifier(id);
        if (!log.reproduction(session, receiptId, "riproduzione-" + receiptId + ".eml", response)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }

    /**
     * The verification form; with {@code esegui}, the log's chains and seals re-walked over the months asked, up to
     * this month when no end is given (the log makes next months' partitions ahead, empty); a first month after
     * the last is refused, saying so.
     */
    @GetMapping("/verifica")
    public String verification(@RequestParam(name = "dal", required = false) @DateTimeFormat(pattern = "yyyy-MM")
            YearMonth from, @RequestParam(name = "al", required = false) @DateTimeFormat(pattern = "yyyy-MM")
            YearMonth to, @RequestParam(name = "esegui", required = false) String run, ConsoleSession session,
            Model model) {
        model.addAttribute("account", session.account());
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        YearMonth until = to != null ? to : YearMonth.now(clock.withZone(ITALY));
        // An inverted period holds no month: verified, it would read as an intact log.
        boolean inverted = from != null && from.isAfter(until);
        model.addAttribute("inverted", run != null && inverted);
        model.addAttribute("report", run == null || inverted ? null : log.verify(session, from, until));
        return "console-verify";
    }

    private static String identifier(String id) {
        String stripped = unbracketed(id);
        if (!IDENTIFIER.matcher(stripped).matches()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return stripped;
    }

    /** An identifier as typed, or pasted from a message's headers with its angle brackets ({@code <opec...>}). */
    private static String unbracketed(String id) {
        String stripped = id.strip();
        if (stripped.length() > 2 && stripped.startsWith("<") && stripped.endsWith(">")) {
            return stripped.substring(1, stripped.length() - 1).strip();
        }
        return stripped;
    }
}
