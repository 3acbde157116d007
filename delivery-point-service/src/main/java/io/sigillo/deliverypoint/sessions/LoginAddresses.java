package io.sigillo.deliverypoint.sessions;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The client address a login is throttled under (ADR 0021): the caller's, or the browser's when the provider's
 * webmail vouches for it with the key they share ({@code sigillo.sessions.frontend-key}). Behind the webmail every
 * login comes from the webmail's address, and twenty failures from anyone would lock everyone out (ADR 0035).
 */
@Component
public class LoginAddresses {

    /** The webmail's key, proving that the address beside it is the browser's. */
    public static final String FRONTEND_KEY = "Sigillo-Frontend-Key";
    /** The browser's address, as the webmail saw it. */
    public static final String CLIENT_ADDRESS = "Sigillo-Client-Address";

    /** An IPv4 or IPv6 literal, as a servlet container writes a remote address: nothing else is a throttle key. */
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.%]{2,64}");

    private final byte[] key;

    public LoginAddresses(@Value("${sigillo.sessions.frontend-key:}") String key) {
        this.key = key.isBlank() ? null : key.getBytes(StandardCharsets.UTF_8);
    }

    /** Whose failures this login counts among. */
    public String of(HttpServletRequest request) {
        String presented = request.getHeader(FRONTEND_KEY);
        String claimed = request.getHeader(CLIENT_ADDRESS);
        if (key == null || presented == null || claimed == null || !ADDRESS.matcher(claimed).matches()
                || !MessageDigest.isEqual(key, presented.getBytes(StandardCharsets.UTF_8))) {
            return request.getRemoteAddr();
        }
        return claimed;
    }
}
