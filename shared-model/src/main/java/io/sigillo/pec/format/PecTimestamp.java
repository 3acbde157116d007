package io.sigillo.pec.format;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** An instant as PEC writes it: Italian local day and time with the offset (Europe/Rome). */
public record PecTimestamp(String day, String time, String zone) {

    /** The zone every PEC date is given in. */
    public static final ZoneId ROME = ZoneId.of("Europe/Rome");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter ZONE = DateTimeFormatter.ofPattern("xx");
    private static final DateTimeFormatter PARSE = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss xx");

    /** The timestamp of an instant, in Europe/Rome. */
    public static PecTimestamp of(Instant instant) {
        ZonedDateTime local = instant.atZone(ROME);
        return new PecTimestamp(DAY.format(local), TIME.format(local), ZONE.format(local));
    }

    /** The instant this timestamp denotes. */
    public Instant toInstant() {
        return ZonedDateTime.parse(day + " " + time + " " + zone, PARSE).toInstant();
    }
}
