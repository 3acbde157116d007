package io.sigillo.webmail.console;

import java.time.LocalDate;
import java.util.List;

/**
 * What re-walking the log's hash chains and seals found ({@code GET /admin/v1/log/verify}): intact, or the first
 * broken link.
 */
public record LogReport(LocalDate from, LocalDate to, boolean intact, List<Month> months,
        BrokenLink firstBrokenLink) {

    public LogReport {
        months = months == null ? List.of() : List.copyOf(months);
    }

    /** One month's chain: how many events, up to where a seal covers it, and whether it is intact. */
    public record Month(LocalDate month, long events, long sealedUpTo, boolean intact) {
    }

    /** Where the chain breaks: the month, the position and event, and what is wrong. */
    public record BrokenLink(LocalDate month, long chainSeq, String eventId, String reason) {
    }
}
