package io.sigillo.webmail.console;

import io.sigillo.operations.kafka.PlatformGrants;
import io.sigillo.pec.event.Topics;
import io.sigillo.webmail.web.ConsoleSide;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.KafkaException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The services' dead letters for the operator (ADR 0037): what each service set aside as impossible to process, where
 * it came from and why, and their replay into the topic they came from once the cause is fixed.
 */
@ConsoleSide
@Controller
public class DeadLettersController {

    /** Most events are keyed by the message they concern, and link to its trace; these by a mailbox. */
    private static final Set<String> MAILBOX_KEYED = Set.of(Topics.MAILBOX_REGISTERED, Topics.CREDENTIAL_USED);

    private final DeadLetterDesk desk;

    public DeadLettersController(DeadLetterDesk desk) {
        this.desk = desk;
    }

    @GetMapping("/scarti")
    public String list(ConsoleSession session, Model model) {
        model.addAttribute("account", session.account());
        model.addAttribute("configured", desk.configured());
        model.addAttribute("replayable", PlatformGrants.CONSOLE.writes());
        model.addAttribute("mailboxKeyed", MAILBOX_KEYED);
        if (desk.configured()) {
            try {
                model.addAttribute("services", desk.pending());
            } catch (KafkaException unreachable) {
                model.addAttribute("unreachable", unreachable.getMessage());
            }
        }
        return "console-dead-letters";
    }

    /**
     * Replays {@code servizio}'s letters up to the offsets the page showed ({@code fino}: {@code partition:offset}
     * each), not one parked since.
     */
    @PostMapping("/scarti")
    public String replay(@RequestParam("servizio") String service,
            @RequestParam(name = "fino", required = false) List<String> through, ConsoleSession session,
            RedirectAttributes next) {
        if (!desk.configured() || PlatformGrants.of(service).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        Map<Integer, Long> shown = positions(through);
        next.addFlashAttribute("service", service);
        try {
            DeadLetterDesk.Replay replay = desk.replay(session.account(), service, shown);
            next.addFlashAttribute("replayed", replay.replayed().size());
            replay.stopped().ifPresent(reason -> next.addFlashAttribute("stopped", reason));
        } catch (KafkaException unreachable) {
            next.addFlashAttribute("unreachable", unreachable.getMessage());
        }
        return "redirect:/scarti";
    }

    /** The positions a form names; one that is not {@code partition:offset} is a request this page never makes. */
    private static Map<Integer, Long> positions(List<String> through) {
        Map<Integer, Long> shown = new TreeMap<>();
        for (String position : through == null ? List.<String>of() : through) {
            String[] parts = position.split(":", -1);
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException(position);
                }
                shown.merge(Integer.parseInt(parts[0]), Long.parseLong(parts[1]), Math::max);
            } catch (NumberFormatException e) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "not a position: " + position);
            }
        }
        return shown;
    }
}
