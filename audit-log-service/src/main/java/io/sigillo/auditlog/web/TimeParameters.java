package io.sigillo.auditlog.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;

/**
 * The times and months the admin API takes as parameters, kept to the years 1970 to 9999: the log holds nothing
 * earlier, and much later times overflow the conversions on the way to PostgreSQL.
 */
public final class TimeParameters {

    private static final int FIRST_YEAR = 1970;
    private static final int LAST_YEAR = 9999;

    /** The first month a parameter may name. */
    public static final YearMonth FIRST_MONTH = YearMonth.of(FIRST_YEAR, 1);

    /** The last month a parameter may name. */
    public static final YearMonth LAST_MONTH = YearMonth.of(LAST_YEAR, 12);

    private TimeParameters() {
    }

    /**
     * The instant of time parameter {@code name} (null when absent), refused unless its year, as written (in its own
     * offset), is 1970 to 9999.
     */
    public static Instant instant(String name, OffsetDateTime value) {
        if (value != null && (value.getYear() < FIRST_YEAR || value.getYear() > LAST_YEAR)) {
            throw new BadParameterException(name, name + " must be a time in the years " + FIRST_YEAR + " to "
                    + LAST_YEAR + ", not " + value);
        }
        return value == null ? null : value.toInstant();
    }

    /** Month parameter {@code name} (null when absent), refused outside 1970-01 to 9999-12. */
    public static YearMonth month(String name, YearMonth value) {
        if (value != null && (value.isBefore(FIRST_MONTH) || value.isAfter(LAST_MONTH))) {
            throw new BadParameterException(name, name + " must be a month from " + FIRST_MONTH + " to " + LAST_MONTH
                    + ", not " + value);
        }
        return value;
    }
}
