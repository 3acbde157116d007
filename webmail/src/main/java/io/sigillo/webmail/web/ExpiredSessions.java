package io.sigillo.webmail.web;

import io.sigillo.webmail.mailbox.SessionExpired;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** A token the APIs refuse ends the webmail's session too, and the user logs in again. */
@ControllerAdvice
public class ExpiredSessions {

    @ExceptionHandler(SessionExpired.class)
    public String loginAgain(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        return "redirect:/accesso?errore=" + LoginController.SESSION_EXPIRED;
    }
}
