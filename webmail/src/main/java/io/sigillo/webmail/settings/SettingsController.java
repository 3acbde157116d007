package io.sigillo.webmail.settings;

import io.sigillo.webmail.login.WebmailSession;
import io.sigillo.webmail.web.MailboxOwnersSide;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;

/**
 * The owner's settings: quota use, app passwords for mail clients, two-factor login. Each change is posted, then the
 * page shown again; what the delivery point shows only once (a new password, a secret, recovery codes) is carried to
 * that page in the session, once.
 */
@MailboxOwnersSide
@Controller
public class SettingsController {

    private static final String PAGE = "redirect:/impostazioni";

    /**
     * The session attribute holding the secret being enrolled: shown with its confirm form until the first code is
     * right, so that a mistyped code can be typed again.
     */
    private static final String ENROLLING = "webmail.twoFactor.enrolling";

    private final AccountClient account;

    public SettingsController(AccountClient account) {
        this.account = account;
    }

    /** A change refused: what the page says, by message key, and the delivery point's reason. */
    public record Refusal(String key, String reason) {
    }

    /** A new app password, shown once. */
    public record NewAppPassword(String name, String password) {
    }

    /** A secret being enrolled, shown until confirmed: in groups of four, and as an otpauth:// link. */
    public record Enrolling(String secret, String uri) implements Serializable {

        private static final long serialVersionUID = 1L;

        /** The secret as a person types it. */
        public String grouped() {
            return String.join(" ", secret.split("(?<=\\G.{4})"));
        }

        /** The URI as the QR code an authenticator app scans. */
        public EnrolmentQr qr() {
            return EnrolmentQr.of(uri);
        }
    }

    @GetMapping("/impostazioni")
    public String settings(WebmailSession session, HttpSession browser, Model model) {
        model.addAttribute("account", session.account());
        model.addAttribute("summary", account.summary(session));
        model.addAttribute("appPasswords", account.appPasswords(session));
        AccountClient.TwoFactor twoFactor = account.twoFactor(session);
        model.addAttribute("twoFactor", twoFactor);
        // Pending while the delivery point holds a secret not yet confirmed; gone once it is on, or it forgot it.
        if (twoFactor.enabled() || twoFactor.enrolledAt() == null) {
            browser.removeAttribute(ENROLLING);
        } else if (browser.getAttribute(ENROLLING) instanceof Enrolling enrolling) {
            model.addAttribute("enrolling", enrolling);
        }
        return "settings";
    }

    @PostMapping("/impostazioni/password-app")
    public String createAppPassword(@RequestParam("nome") String name,
            @RequestParam(name = "giorni", required = false) Integer days, WebmailSession session,
            RedirectAttributes page) {
        AccountClient.Answer answer = account.createAppPassword(session, name.strip(), days);
        if (answer.done()) {
            page.addFlashAttribute("newAppPassword", new NewAppPassword(answer.body().path("name").asString(),
                    answer.body().path("password").asString()));
        } else {
            page.addFlashAttribute("refusal", new Refusal("settings.appPassword.refused", answer.reason()));
        }
        return PAGE;
    }

    @PostMapping("/impostazioni/password-app/{id}/revoca")
    public String revokeAppPassword(@PathVariable UUID id, WebmailSession session, RedirectAttributes page) {
        if (account.revokeAppPassword(session, id).done()) {
            page.addFlashAttribute("notice", "settings.appPassword.revoked");
        }
        return PAGE;
    }

    @PostMapping("/impostazioni/due-passaggi")
    public String enrol(WebmailSession session, HttpSession browser, RedirectAttributes page) {
        AccountClient.Answer answer = account.enrolTwoFactor(session);
        if (answer.done()) {
            browser.setAttribute(ENROLLING, new Enrolling(answer.body().path("secret").asString(),
                    answer.body().path("enrolmentUri").asString()));
        } else {
            page.addFlashAttribute("refusal", new Refusal("settings.twoFactor.refused", answer.reason()));
        }
        return PAGE;
    }

    @PostMapping("/impostazioni/due-passaggi/conferma")
    public String confirm(@RequestParam("codice") String code, WebmailSession session, HttpSession browser,
            RedirectAttributes page) {
        AccountClient.Answer answer = account.confirmTwoFactor(session, code.strip());
        if (answer.done()) {
            browser.removeAttribute(ENROLLING);
        }
        return withCodes(answer, "settings.twoFactor.on", page);
    }

    @PostMapping("/impostazioni/due-passaggi/codici")
    public String renewCodes(@RequestParam("codice") String code, WebmailSession session, RedirectAttributes page) {
        return withCodes(account.renewRecoveryCodes(session, code.strip()), "settings.twoFactor.renewed", page);
    }

    @PostMapping("/impostazioni/due-passaggi/disattiva")
    public String disable(@RequestParam("codice") String code, WebmailSession session, RedirectAttributes page) {
        AccountClient.Answer answer = account.disableTwoFactor(session, code.strip());
        if (answer.done()) {
            page.addFlashAttribute("notice", "settings.twoFactor.off");
        } else {
            page.addFlashAttribute("refusal", codeRefusal(answer));
        }
        return PAGE;
    }

    private String withCodes(AccountClient.Answer answer, String notice, RedirectAttributes page) {
        if (answer.done()) {
            page.addFlashAttribute("notice", notice);
            page.addFlashAttribute("recoveryCodes", answer.body().path("recoveryCodes").valueStream()
                    .map(JsonNode::asString).toList());
        } else {
            page.addFlashAttribute("refusal", codeRefusal(answer));
        }
        return PAGE;
    }

    /** A wrong code, or too many of them. */
    private static Refusal codeRefusal(AccountClient.Answer answer) {
        return new Refusal(answer.status() == 429 ? "settings.twoFactor.locked" : "settings.twoFactor.wrongCode",
                answer.reason());
    }
}
