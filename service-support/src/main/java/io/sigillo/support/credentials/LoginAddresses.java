package io.sigillo.support.credentials;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;

/**
 * The client address a login is throttled under (ADR 0021): the caller's, or the browser's when the provider's
 * webmail or console vouches for it with the key they share ({@code sigillo.sessions.frontend-key}). Behind them every
 * login comes from their address, and twenty failures from anyone would lock everyone out (ADR 0035).
 */
public final class LoginAddresses {

    /** The webmail's key, proving that the address beside it is the browser's. */
    public static final String FRONTEND_KEY = "Sigillo-Frontend-Key";
    /** The browser's address, as the webmail saw it. */
    public static final String CLIENT_ADDRESS = "Sigillo-Client-Address";

    /** An IPv4 or IPv6 literal, as a servlet container writes a remote address: nothing else is a throttle key. */
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.%]{2,64}");

    private final byte[] key;

    /** Takes the browser's address beside {@code key}; a blank key takes none. */
    public LoginAddresses(String key) {
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
