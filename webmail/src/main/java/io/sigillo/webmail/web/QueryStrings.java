package io.sigillo.webmail.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.springframework.web.util.UriBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The query strings of the pages' own links and redirects. A "+" in a value is encoded too: a query string reads a
 * bare "+" as a space, and Spring's query-parameter encoding leaves it bare.
 */
public final class QueryStrings {

    private QueryStrings() {
    }

    /** {@code value} as a query parameter's name or value: percent-encoded, "+", "&amp;" and "=" too. */
    public static String encode(String value) {
        return UriUtils.encodeQueryParam(value, StandardCharsets.UTF_8).replace("+", "%2B");
    }

    /**
     * Adds to {@code call} a query parameter for each of {@code namesAndValues} (a name then what the user typed, null
     * for none) as a URI variable, and answers the variables to build it with: encoded strictly, so that a "+" stays
     * a plus in the calls to the services, where Spring's query-parameter encoding would leave it bare.
     */
    public static Map<String, Object> typed(UriBuilder call, String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("each name needs its value");
        }
        Map<String, Object> typed = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                call.queryParam(namesAndValues[i], "{" + namesAndValues[i] + "}");
                typed.put(namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return typed;
    }

    /**
     * {@code path} (already a valid path) with a query of {@code namesAndValues}, a name then its value, in order;
     * a null value leaves its name out.
     */
    public static String link(String path, Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("each name needs its value");
        }
        StringJoiner query = new StringJoiner("&");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                query.add(encode(namesAndValues[i].toString()) + "=" + encode(namesAndValues[i + 1].toString()));
            }
        }
        return query.length() == 0 ? path : path + "?" + query;
    }
}
