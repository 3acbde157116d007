package io.sigillo.webmail.mailbox;

import java.time.LocalDate;
import java.util.Optional;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.util.UriBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What the owner looks for in a folder, as the search form names it; each field left empty matches everything.
 *
 * @param da      part of the sender (Inbox)
 * @param a       part of a recipient (Sent)
 * @param oggetto part of the subject
 * @param tipo    a PEC type, by its header value (Inbox)
 * @param dal     the first day
 * @param al      the last day
 */
public record Search(String da, String a, String oggetto, String tipo,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate dal,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate al) {

    /** Nothing looked for: everything matches. */
    public static final Search NOTHING = new Search(null, null, null, null, null, null);

    public Search {
        da = blankAsNull(da);
        a = blankAsNull(a);
        oggetto = blankAsNull(oggetto);
        tipo = blankAsNull(tipo);
    }

    /** Whether anything is looked for. */
    public boolean any() {
        return da != null || a != null || oggetto != null || tipo != null || dal != null || al != null;
    }

    /** The delivery point's query for this search, page {@code page} (from 0) of {@code size}. */
    UriBuilder query(UriBuilder path, int page, int size) {
        return path.queryParam("page", Math.max(page, 0)).queryParam("size", size)
                .queryParamIfPresent("from", Optional.ofNullable(da))
                .queryParamIfPresent("to", Optional.ofNullable(a))
                .queryParamIfPresent("subject", Optional.ofNullable(oggetto))
                .queryParamIfPresent("type", Optional.ofNullable(tipo))
                .queryParamIfPresent("since", Optional.ofNullable(dal))
                .queryParamIfPresent("until", Optional.ofNullable(al));
    }

    /** The address of page {@code page} (from 1) of {@code path} with this search, for the pager's links. */
    public String link(String path, int page) {
        return UriComponentsBuilder.fromPath(path)
                .queryParamIfPresent("da", Optional.ofNullable(da))
                .queryParamIfPresent("a", Optional.ofNullable(a))
                .queryParamIfPresent("oggetto", Optional.ofNullable(oggetto))
                .queryParamIfPresent("tipo", Optional.ofNullable(tipo))
                .queryParamIfPresent("dal", Optional.ofNullable(dal))
                .queryParamIfPresent("al", Optional.ofNullable(al))
                .queryParam("pagina", page)
                .encode().build().toUriString();
    }

    private static String blankAsNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
