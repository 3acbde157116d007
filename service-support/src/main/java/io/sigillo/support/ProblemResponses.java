package io.sigillo.support;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401, 403 and 429 as RFC 9457 problem documents. The 401 never says whether the user or the password was wrong;
 * a user whose password was right but who must log in with two factors is told so (Spring Security marks that
 * account's password as expired for HTTP Basic).
 */
public class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    /** Why a right password alone is refused: the account logs in with a one-time code as well. */
    public static final String TWO_FACTOR_ON = "Two-factor login is on for this account: log in at POST "
            + "/api/v1/sessions with the password and a code, then send the token as Authorization: Bearer.";

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"sigillo\", error=\"invalid_token\"");
            write(response, 401, "Unauthorized", "The session token is not valid or has expired: log in again.",
                    request.getRequestURI());
            return;
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"sigillo\", charset=\"UTF-8\"");
        // Said only once the password was right (Spring checks expiry after the password), so it reveals nothing.
        String detail = e instanceof CredentialsExpiredException ? TWO_FACTOR_ON : "Valid credentials are required.";
        write(response, 401, "Unauthorized", detail, request.getRequestURI());
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(response, 403, "Forbidden", "These credentials do not allow this operation.", request.getRequestURI());
    }

    /** 429 while a login is locked: when to try again, in seconds, rounded up (RFC 9110 Retry-After). */
    public void tooManyAttempts(HttpServletRequest request, HttpServletResponse response, java.time.Duration wait)
            throws IOException {
        long seconds = retryAfterSeconds(wait);
        response.setHeader("Retry-After", Long.toString(seconds));
        write(response, 429, "Too Many Requests", tooManyAttemptsDetail(seconds), request.getRequestURI());
    }

    /** The same 429, as a controller answers it (a login or a code checked by the controller itself). */
    public static ResponseEntity<ProblemDetail> tooManyAttempts(java.time.Duration wait) {
        long seconds = retryAfterSeconds(wait);
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", Long.toString(seconds))
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                        tooManyAttemptsDetail(seconds)));
    }

    private static long retryAfterSeconds(java.time.Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    private static String tooManyAttemptsDetail(long seconds) {
        return "Too many failed logins: try again in " + seconds + " s.";
    }

    private static void write(HttpServletResponse response, int status, String title, String detail, String instance)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\",\"instance\":\"" + instance.replace("\"", "%22")
                .replace("\\", "%5C") + "\"}");
    }
}
