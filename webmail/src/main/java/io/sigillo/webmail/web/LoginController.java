package io.sigillo.webmail.web;

import io.sigillo.webmail.login.LoginRefused;
import jakarta.servlet.http.HttpSession;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The login form; Spring Security takes what it posts (see {@link SecurityConfiguration}). */
@Controller
public class LoginController {

    /** The refusal that says a session ended: the APIs stopped taking its token. */
    static final String SESSION_EXPIRED = "scaduta";

    /** The refusals the login page words, each a message key's last part ({@code login.refused.*}). */
    private static final Set<String> REFUSALS = Stream.concat(Stream.of(SESSION_EXPIRED),
            Arrays.stream(LoginRefused.Reason.values()).map(reason -> reason.name().toLowerCase(Locale.ROOT)))
            .collect(Collectors.toUnmodifiableSet());

    @GetMapping("/accesso")
    public String form(@RequestParam(name = "errore", required = false) String refusal,
            @RequestParam(name = "attesa", required = false) Integer minutes, HttpSession session, Model model) {
        Object username = session.getAttribute(SecurityConfiguration.LAST_USERNAME);
        session.removeAttribute(SecurityConfiguration.LAST_USERNAME);
        model.addAttribute("username", username == null ? "" : username);
        model.addAttribute("refusal", refusal != null && REFUSALS.contains(refusal) ? refusal : null);
        model.addAttribute("minutes", minutes);
        return "login";
    }
}
