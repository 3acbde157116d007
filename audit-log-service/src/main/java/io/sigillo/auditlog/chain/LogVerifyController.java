package io.sigillo.auditlog.chain;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/v1/log/verify?from=2026-01&to=2026-11}: re-walks the log's chains for those months (all of
 * them by default) and reports whether they are intact, and if not, the first broken link.
 */
@RestController
public class LogVerifyController {

    private final LogVerification verification;
    private final Clock clock;

    public LogVerifyController(LogVerification verification, Clock clock) {
        this.verification = verification;
        this.clock = clock;
    }

    @GetMapping("/admin/v1/log/verify")
    public LogVerification.Report verify(@RequestParam(required = false) YearMonth from,
            @RequestParam(required = false) YearMonth to) {
        LocalDate first = from == null ? LocalDate.of(1970, 1, 1) : from.atDay(1);
        LocalDate last = to == null ? LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusYears(1)
                : to.atDay(1);
        return verification.verify(first, last);
    }
}
