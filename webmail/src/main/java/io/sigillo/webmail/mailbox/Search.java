package io.sigillo.webmail.mailbox;

import io.sigillo.webmail.web.QueryStrings;
import java.net.URI;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.util.UriBuilder;

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

    /** The longest part of an address the delivery point searches for (an address's longest). */
    static final int LONGEST_ADDRESS = 320;
    /** The longest part of a subject the delivery point searches for. */
    static final int LONGEST_SUBJECT = 1000;
    /** The longest PEC type the delivery point takes. */
    static final int LONGEST_TYPE = 40;

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

    /** Whether a field is longer than the delivery point takes: it would refuse the search. */
    public boolean overlong() {
        return longer(da, LONGEST_ADDRESS) || longer(a, LONGEST_ADDRESS) || longer(oggetto, LONGEST_SUBJECT)
                || longer(tipo, LONGEST_TYPE);
    }

    private static boolean longer(String text, int longest) {
        return text != null && text.length() > longest;
    }

    /**
     * The delivery point's query for this search, page {@code page} (from 0) of {@code size}; what was typed goes in
     * as URI variables, encoded strictly, so that a "+" stays a plus.
     */
    URI query(UriBuilder path, int page, int size) {
        path.queryParam("page", Math.max(page, 0)).queryParam("size", size);
        Map<String, Object> typed = QueryStrings.typed(path, "from", da, "to", a, "subject", oggetto, "type", tipo);
        return path.queryParamIfPresent("since", Optional.ofNullable(dal))
                .queryParamIfPresent("until", Optional.ofNullable(al))
                .build(typed);
    }

    /** The address of page {@code page} (from 1) of {@code path} with this search, for the pager's links. */
    public String link(String path, int page) {
        return QueryStrings.link(path, "da", da, "a", a, "oggetto", oggetto, "tipo", tipo, "dal", dal, "al", al,
                "pagina", page);
    }

    private static String blankAsNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
