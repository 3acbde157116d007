package io.sigillo.deliverypoint.mailbox;

import io.sigillo.pec.format.PecTimestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;

/**
 * What an owner looks for in a listing; each part left out (null) matches everything.
 *
 * @param from    part of the listed sender, in any case
 * @param to      part of an address the message concerns (a sent message's recipients), in any case
 * @param subject part of the subject, in any case
 * @param pecType the X-Ricevuta or X-Trasporto value, exactly
 * @param since   received at or after
 * @param until   received before
 */
public record MailboxSearch(String from, String to, String subject, String pecType, Instant since, Instant until) {

    /** Everything. */
    public static final MailboxSearch ALL = new MailboxSearch(null, null, null, null, null, null);

    /** The first day a search may name: no message of this provider is older. */
    public static final LocalDate FIRST_DAY = LocalDate.of(1970, 1, 1);
    /** The last day a search may name: later ones overflow the clock's and PostgreSQL's timestamps. */
    public static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);

    public MailboxSearch {
        from = blankAsNull(from);
        to = blankAsNull(to);
        subject = blankAsNull(subject);
        pecType = blankAsNull(pecType);
    }

    /**
     * A search by days as a person gives them, in Italian time: from the start of {@code first} to the end of
     * {@code last}, either left out.
     */
    public static MailboxSearch of(String from, String to, String subject, String pecType, LocalDate first,
            LocalDate last) {
        checkDay("since", first);
        checkDay("until", last);
        return new MailboxSearch(from, to, subject, pecType,
                first == null ? null : first.atStartOfDay(PecTimestamp.ROME).toInstant(),
                last == null ? null : last.plusDays(1).atStartOfDay(PecTimestamp.ROME).toInstant());
    }

    private static void checkDay(String parameter, LocalDate day) {
        if (day != null && (day.isBefore(FIRST_DAY) || day.isAfter(LAST_DAY))) {
            throw new DayOutOfRangeException(parameter + ": " + day + " is not a day from " + FIRST_DAY + " to "
                    + LAST_DAY);
        }
    }

    /** A day a search cannot name, with the parameter and the days it may name. */
    public static class DayOutOfRangeException extends RuntimeException {
        public DayOutOfRangeException(String message) {
            super(message);
        }
    }

    /** Whether {@code entry} is among what is looked for. */
    public boolean matches(MailboxEntry entry) {
        return contains(entry.from(), from) && contains(entry.subject(), subject)
                && (pecType == null || pecType.equals(entry.pecType()))
                && (since == null || !entry.receivedAt().isBefore(since))
                && (until == null || entry.receivedAt().isBefore(until));
    }

    /** {@code part} as a LIKE pattern that matches it anywhere, its own wildcards taken literally. */
    public static String anywhere(String part) {
        return part == null ? null
                : "%" + part.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static boolean contains(String text, String part) {
        return part == null || text != null && text.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT));
    }

    private static String blankAsNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
