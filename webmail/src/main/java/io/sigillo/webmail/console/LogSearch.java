package io.sigillo.webmail.console;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.util.UriBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The log's search form: sender ({@code da}), recipient ({@code a}), subject, and days of acceptance in Italian time,
 * both included.
 */
public record LogSearch(String da, String a, String oggetto,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate dal,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate al) {

    /** Nothing looked for: the newest messages. */
    public static final LogSearch NOTHING = new LogSearch(null, null, null, null, null);

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

    /** The log's query for this search, page {@code page} (from 0) of {@code size}. */
    UriBuilder query(UriBuilder path, int page, int size) {
        return path.queryParam("page", Math.max(page, 0)).queryParam("size", size)
                .queryParamIfPresent("sender", Optional.ofNullable(da))
                .queryParamIfPresent("recipient", Optional.ofNullable(a))
                .queryParamIfPresent("subject", Optional.ofNullable(oggetto))
                .queryParamIfPresent("from", Optional.ofNullable(dal).map(day -> day.atStartOfDay(ITALY)
                        .toInstant().toString()))
                .queryParamIfPresent("to", Optional.ofNullable(al).map(day -> day.plusDays(1).atStartOfDay(ITALY)
                        .toInstant().toString()));
    }

    /** The address of page {@code page} (from 1) of {@code path} with this search, for the pager's links. */
    public String link(String path, int page) {
        return UriComponentsBuilder.fromPath(path)
                .queryParamIfPresent("da", Optional.ofNullable(da))
                .queryParamIfPresent("a", Optional.ofNullable(a))
                .queryParamIfPresent("oggetto", Optional.ofNullable(oggetto))
                .queryParamIfPresent("dal", Optional.ofNullable(dal))
                .queryParamIfPresent("al", Optional.ofNullable(al))
                .queryParam("pagina", page)
                .encode().build().toUriString();
    }

    private static String blankAsNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
