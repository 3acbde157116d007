package io.sigillo.support.credentials;

import io.sigillo.support.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.www.BasicAuthenticationConverter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 429 with Retry-After, before any password is checked, while a request's account or client address is
 * locked by the {@link LoginThrottle}; afterwards, tells it whether the HTTP Basic credentials were accepted.
 */
public final class LoginThrottleFilter extends OncePerRequestFilter {

    private static final BasicAuthenticationConverter BASIC = new BasicAuthenticationConverter();

    private final LoginThrottle throttle;
    private final ProblemResponses problems;

    public LoginThrottleFilter(LoginThrottle throttle, ProblemResponses problems) {
        this.throttle = throttle;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String account = basicUser(request);
        if (account == null) {
            chain.doFilter(request, response);
            return;
        }
        String address = request.getRemoteAddr();
        LoginThrottle.Standing standing = throttle.standing(account, address);
        if (standing.lockedFor().isPresent()) {
            problems.tooManyAttempts(request, response, standing.lockedFor().get());
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
            throttle.failed(account, address);
        } else {
            throttle.succeeded(account, standing);
        }
    }

    /**
     * The user name of HTTP Basic credentials, read as the filter that checks them reads it; null for none, for a
     * header that is not Basic, or for one that cannot be read (that request gets its 401 from the filter).
     */
    static String basicUser(HttpServletRequest request) {
        try {
            UsernamePasswordAuthenticationToken credentials = BASIC.convert(request);
            return credentials == null ? null : credentials.getName();
        } catch (AuthenticationException e) {
            return null;
        }
    }
}
