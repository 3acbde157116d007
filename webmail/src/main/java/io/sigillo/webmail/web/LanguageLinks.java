package io.sigillo.webmail.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The page being shown, in Italian and in English: its path and query with only {@code lingua} replaced, so that
 * switching language keeps the message, the search and the page open.
 *
 * @param italian the page in Italian
 * @param english the page in English
 */
public record LanguageLinks(String italian, String english) {

    /** The parameter that picks the language (see {@link Languages}). */
    static final String PARAMETER = "lingua";

    /** The links for the page {@code request} asks for (on an error page, the page that failed). */
    public static LanguageLinks of(HttpServletRequest request) {
        Object failed = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = failed instanceof String uri ? uri : request.getRequestURI();
        // Leading slashes collapsed: "//host" would be another site's address.
        path = "/" + path.replaceFirst("^/+", "");
        List<Object> kept = new ArrayList<>();
        String query = failed == null ? request.getQueryString() : null;
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = decoded(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decoded(pair.substring(equals + 1));
            if (name != null && value != null && !name.isEmpty() && !name.equals(PARAMETER)) {
                kept.add(name);
                kept.add(value);
            }
        }
        return new LanguageLinks(link(path, kept, "it"), link(path, kept, "en"));
    }

    private static String link(String path, List<Object> kept, String language) {
        List<Object> query = new ArrayList<>(kept);
        query.add(PARAMETER);
        query.add(language);
        return QueryStrings.link(path, query.toArray());
    }

    /** A query string's part as the server reads it ("+" a space); null when it is not valid percent-encoding. */
    private static String decoded(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
