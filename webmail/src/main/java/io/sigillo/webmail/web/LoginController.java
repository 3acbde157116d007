package io.sigillo.webmail.web;

import jakarta.servlet.http.HttpSession;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The login form; Spring Security takes what it posts (see {@link SecurityConfiguration}). */
@Controller
public class LoginController {

    @GetMapping("/accesso")
    public String form(@RequestParam(name = "errore", required = false) String refusal,
            @RequestParam(name = "attesa", required = false) Integer minutes, HttpSession session, Model model) {
        Object username = session.getAttribute(SecurityConfiguration.LAST_USERNAME);
        session.removeAttribute(SecurityConfiguration.LAST_USERNAME);
        model.addAttribute("username", username == null ? "" : username);
        model.addAttribute("refusal", refusal == null || !refusal.matches("[a-z_]{1,20}") ? null : refusal);
        model.addAttribute("minutes", minutes);
        return "login";
    }
}
