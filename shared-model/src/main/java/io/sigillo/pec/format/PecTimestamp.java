package io.sigillo.pec.format;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** An instant as PEC writes it: Italian local day and time with the offset (Europe/Rome). */
public record PecTimestamp(String day, String time, String zone) {

    /** The zone every PEC date is given in. */
    public static final ZoneId ROME = ZoneId.of("Europe/Rome");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter ZONE = DateTimeFormatter.ofPattern("xx");
    private static final DateTimeFormatter PARSE = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss xx");
    private static final DateTimeFormatter RFC_5322 = DateTimeFormatter
            .ofPattern("EEE, d MMM yyyy HH:mm:ss xx", Locale.ENGLISH).withZone(ROME);

    /** The timestamp of an instant, in Europe/Rome. */
    public static PecTimestamp of(Instant instant) {
        ZonedDateTime local = instant.atZone(ROME);
        return new PecTimestamp(DAY.format(local), TIME.format(local), ZONE.format(local));
    }

    /** The {@code Date} header value of an instant (RFC 5322), in Europe/Rome. */
    public static String rfc5322(Instant instant) {
        return RFC_5322.format(instant);
    }

    /** As receipt texts say it: "dd/MM/yyyy alle ore HH:mm:ss (+0100)". */
    public String readable() {
        return day + " alle ore " + time + " (" + zone + ")";
    }

    /** The instant this timestamp denotes. */
    public Instant toInstant() {
        return ZonedDateTime.parse(day + " " + time + " " + zone, PARSE).toInstant();
    }
}
