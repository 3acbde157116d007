package io.sigillo.webmail.console;

import io.sigillo.webmail.web.QueryStrings;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.util.UriBuilder;

/**
 * The log's search form: sender ({@code da}), recipient ({@code a}), subject, and days of acceptance in Italian time,
 * both included.
 */
public record LogSearch(String da, String a, String oggetto,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate dal,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate al) {

    /** Nothing looked for: the newest messages. */
    public static final LogSearch NOTHING = new LogSearch(null, null, null, null, null);

    /** The longest part of an address looked for (an address's longest), as the form takes it. */
    static final int LONGEST_ADDRESS = 320;
    /** The longest part of a subject looked for, as the form takes it. */
    static final int LONGEST_SUBJECT = 1000;

    private static final ZoneId ITALY = ZoneId.of("Europe/Rome");

    public LogSearch {
        da = blankAsNull(da);
        a = blankAsNull(a);
        oggetto = blankAsNull(oggetto);
    }

    /** Whether anything is looked for. */
    public boolean any() {
        return da != null || a != null || oggetto != null || dal != null || al != null;
    }

    /** Whether a field is longer than the form takes: such a search is not run. */
    public boolean overlong() {
        return longer(da, LONGEST_ADDRESS) || longer(a, LONGEST_ADDRESS) || longer(oggetto, LONGEST_SUBJECT);
    }

    private static boolean longer(String text, int longest) {
        return text != null && text.length() > longest;
    }

    /**
     * The log's query for this search, page {@code page} (from 0) of {@code size}; what was typed goes in as URI
     * variables, encoded strictly, so that a "+" stays a plus.
     */
    URI query(UriBuilder path, int page, int size) {
        path.queryParam("page", Math.max(page, 0)).queryParam("size", size);
        Map<String, Object> typed = QueryStrings.typed(path, "sender", da, "recipient", a, "subject", oggetto);
        return path.queryParamIfPresent("from", Optional.ofNullable(dal).map(day -> day.atStartOfDay(ITALY)
                        .toInstant().toString()))
                .queryParamIfPresent("to", Optional.ofNullable(al).map(day -> day.plusDays(1).atStartOfDay(ITALY)
                        .toInstant().toString()))
                .build(typed);
    }

    /** The address of page {@code page} (from 1) of {@code path} with this search, for the pager's links. */
    public String link(String path, int page) {
        return QueryStrings.link(path, "da", da, "a", a, "oggetto", oggetto, "dal", dal, "al", al, "pagina", page);
    }

    private static String blankAsNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
