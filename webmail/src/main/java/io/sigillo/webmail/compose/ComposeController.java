package io.sigillo.webmail.compose;

import io.sigillo.webmail.login.WebmailSession;
import io.sigillo.webmail.web.MailboxOwnersSide;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The compose form: a certified message to one or more recipients, with files, submitted at the access point. */
@MailboxOwnersSide
@Controller
public class ComposeController {

    private final AccessPointClient accessPoint;

    public ComposeController(AccessPointClient accessPoint) {
        this.accessPoint = accessPoint;
    }

    @GetMapping("/scrivi")
    public String compose(WebmailSession session, Model model) {
        return form(session, Draft.blank(), model);
    }

    /**
     * Submits the form: accepted, the owner sees it in the Sent folder; refused, the form comes back as it was
     * (but for its files, which a browser does not send twice) with the access point's reason in words.
     */
    @PostMapping(path = "/scrivi", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public String send(@ModelAttribute Draft draft,
            @RequestParam(name = "allegati", required = false) List<MultipartFile> files, WebmailSession session,
            Model model, RedirectAttributes redirect) {
        List<MultipartFile> attached = files == null ? List.of()
                : files.stream().filter(file -> !file.isEmpty()).toList();
        Submitted submitted = accessPoint.submit(session, draft, attached);
        if (submitted instanceof Submitted.Accepted accepted) {
            redirect.addFlashAttribute("accepted", accepted);
            return "redirect:/inviati";
        }
        model.addAttribute("refused", submitted);
        return form(session, draft.again(), model);
    }

    /**
     * A browser that sent more than the webmail takes is answered with the form and the limit (a post over the
     * whole request's limit is sent back before it gets here, by {@link OversizedUploads}).
     */
    @ExceptionHandler(MaxUploadSizeExceededException.class)
    public String tooLarge() {
        return "redirect:" + OversizedUploads.TOO_LARGE;
    }

    private String form(WebmailSession session, Draft draft, Model model) {
        model.addAttribute("account", session.account());
        model.addAttribute("draft", draft);
        model.addAttribute("limits", accessPoint.limits(session));
        return "compose";
    }
}
