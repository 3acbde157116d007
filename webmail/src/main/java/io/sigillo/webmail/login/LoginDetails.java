package io.sigillo.webmail.login;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** The login form's second factor ({@code codice}), beside what Spring Security keeps of the request. */
public final class LoginDetails extends WebAuthenticationDetails {

    private static final long serialVersionUID = 1L;

    private final String code;

    public LoginDetails(HttpServletRequest request) {
        super(request);
        this.code = request.getParameter("codice");
    }

    /** The code typed, or null. */
    public String code() {
        return code;
    }
}
