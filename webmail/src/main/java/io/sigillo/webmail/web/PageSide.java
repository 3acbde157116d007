package io.sigillo.webmail.web;

import io.sigillo.webmail.console.ConsoleSession;
import io.sigillo.webmail.login.WebmailSession;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Tells every page, the shared ones too (login, errors), whether it is the console's and what its reader may open. */
@ControllerAdvice
public class PageSide {

    private final boolean console;

    public PageSide(@Value("${" + ConsoleSide.PROPERTY + ":false}") boolean console) {
        this.console = console;
    }

    /** True where this application runs as the staff's console (ADR 0036). */
    @ModelAttribute("console")
    public boolean console() {
        return console;
    }

    /** The page itself in Italian and in English, for the language links. */
    @ModelAttribute("languageLinks")
    public LanguageLinks languageLinks(HttpServletRequest request) {
        return LanguageLinks.of(request);
    }

    /** Who is logged in, for the pages no controller fills in (errors), so they can log out; null for nobody. */
    @ModelAttribute("reader")
    public String reader(Principal reader) {
        return reader instanceof WebmailSession || reader instanceof ConsoleSession ? reader.getName() : null;
    }

    /** True when the reader is compliance staff, who may open the log's messages (operators verify it only). */
    @ModelAttribute("mayReadLog")
    public boolean mayReadLog(Principal reader) {
        return reader instanceof ConsoleSession staff && staff.may("COMPLIANCE");
    }

    /** True when the reader is the log's operator, who may verify it. */
    @ModelAttribute("mayVerifyLog")
    public boolean mayVerifyLog(Principal reader) {
        return reader instanceof ConsoleSession staff && staff.may("OPERATOR");
    }

    /** True when the reader is the delivery point's provisioning operator, who manages mailboxes. */
    @ModelAttribute("mayProvision")
    public boolean mayProvision(Principal reader) {
        return reader instanceof ConsoleSession staff && staff.may("ADMIN");
    }
}
