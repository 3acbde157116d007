package io.sigillo.webmail.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/** Instants as the pages show them ({@code ${@times.shown(...)}}): Italian time, as PEC's own texts state it. */
@Component("times")
public class ShownTimes {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm")
            .withZone(ZoneId.of("Europe/Rome"));
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss")
            .withZone(ZoneId.of("Europe/Rome"));

    /** To the minute, as a listing shows it; empty for none. */
    public String shown(Instant instant) {
        return instant == null ? "" : MINUTES.format(instant);
    }

    /** To the second, as a certified fact is stated; empty for none. */
    public String exact(Instant instant) {
        return instant == null ? "" : SECONDS.format(instant);
    }
}
