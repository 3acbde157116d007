package io.sigillo.webmail.console;

import io.sigillo.webmail.web.ConsoleSide;
import io.sigillo.webmail.web.QueryStrings;
import io.sigillo.webmail.web.SearchForms;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The provisioning operator's pages (ADR 0036): mailboxes found by part of their address, one created, a quota
 * changed, a mailbox disabled or enabled, an owner's credentials reset; every change is the delivery point's.
 */
@ConsoleSide
@Controller
public class MailboxesController {

    private static final long MEGABYTE = 1024L * 1024;
    /** The most a quota typed here may be, in megabytes: 1 TB, far beyond any PEC mailbox sold. */
    private static final long LARGEST_QUOTA_MB = 1024L * 1024;

    /** The longest part of an address the delivery point searches for (an address's longest). */
    private static final int LONGEST_PART = 320;

    private final ProvisioningClient provisioning;

    public MailboxesController(ProvisioningClient provisioning) {
        this.provisioning = provisioning;
    }

    /** The mailboxes whose address contains what was typed, a page at a time, and the form to create one. */
    @GetMapping("/caselle")
    public String list(@RequestParam(name = "cerca", required = false) String part,
            @RequestParam(name = "pagina", defaultValue = "1") int page, ConsoleSession session, Model model) {
        String looked = part == null || part.isBlank() ? null : part.strip();
        model.addAttribute("account", session.account());
        model.addAttribute("cerca", looked);
        model.addAttribute("found", SearchForms.run(looked != null && looked.length() > LONGEST_PART,
                () -> provisioning.page(session, looked, Math.max(page, 1) - 1),
                new ProvisionedMailbox.Page(List.of(), 0, 1, 0), model));
        return "console-mailboxes";
    }

    /** A new mailbox; the form comes back with the delivery point's reason when it refuses. */
    @PostMapping("/caselle")
    public String create(@RequestParam("indirizzo") String address, @RequestParam("password") String password,
            @RequestParam(name = "quota", required = false) Long quotaMb, ConsoleSession session,
            RedirectAttributes next) {
        try {
            provisioning.create(session, address.strip(), password, megabytes(quotaMb));
        } catch (ProvisioningClient.Refused refused) {
            next.addFlashAttribute("refusal", refused.getMessage());
            next.addFlashAttribute("asked", address);
            return "redirect:/caselle";
        }
        next.addFlashAttribute("done", "created");
        return redirectTo(address.strip());
    }

    /** One mailbox: its use, its state, and the forms that change them. */
    @GetMapping("/caselle/casella")
    public String mailbox(@RequestParam("indirizzo") String address, ConsoleSession session, Model model) {
        model.addAttribute("account", session.account());
        model.addAttribute("mailbox", provisioning.get(session, address.strip())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
        return "console-mailbox";
    }

    /** A new quota, in megabytes. */
    @PostMapping("/caselle/quota")
    public String quota(@RequestParam("indirizzo") String address, @RequestParam("quota") Long quotaMb,
            ConsoleSession session, RedirectAttributes next) {
        return change(address, next, "quota", () -> provisioning.change(session, address, megabytes(quotaMb), null));
    }

    /** Disables the mailbox ({@code attiva=false}) or enables it again. */
    @PostMapping("/caselle/stato")
    public String state(@RequestParam("indirizzo") String address, @RequestParam("attiva") boolean active,
            ConsoleSession session, RedirectAttributes next) {
        return change(address, next, active ? "enabled" : "disabled",
                () -> provisioning.change(session, address, null, active));
    }

    /** The owner's credentials reset to the password the operator hands over. */
    @PostMapping("/caselle/reimposta")
    public String reset(@RequestParam("indirizzo") String address, @RequestParam("password") String password,
            ConsoleSession session, RedirectAttributes next) {
        return change(address, next, "reset", () -> provisioning.reset(session, address, password));
    }

    private String change(String address, RedirectAttributes next, String done, Runnable change) {
        try {
            change.run();
            next.addFlashAttribute("done", done);
        } catch (ProvisioningClient.Refused refused) {
            next.addFlashAttribute("refusal", refused.getMessage());
        }
        return redirectTo(address);
    }

    private static String redirectTo(String address) {
        return "redirect:" + QueryStrings.link("/caselle/casella", "indirizzo", address);
    }

    /** A quota typed in megabytes, in bytes; out of range, what the delivery point refuses (zero). */
    private static Long megabytes(Long quotaMb) {
        if (quotaMb == null) {
            return null;
        }
        return quotaMb <= 0 || quotaMb > LARGEST_QUOTA_MB ? 0L : quotaMb * MEGABYTE;
    }
}
