package io.sigillo.auditlog.chain;

import io.sigillo.auditlog.web.TimeParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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

    @Operation(summary = "Verify the log's hash chains and seals",
            description = "Months from and to (YYYY-MM, 1970-01 to 9999-12, both inclusive; all when absent). "
                    + "Reports the first broken link: month, position, event and reason.")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true, description = "the report, intact or not")
    @ApiResponse(responseCode = "400", description = "a month is malformed or outside 1970-01 to 9999-12",
            content = @Content(mediaType = "application/problem+json"))
    @GetMapping("/admin/v1/log/verify")
    public LogVerification.Report verify(@RequestParam(required = false) YearMonth from,
            @RequestParam(required = false) YearMonth to) {
        // A month no log can hold would only report nothing as intact.
        LocalDate first = from == null ? TimeParameters.FIRST_MONTH.atDay(1)
                : TimeParameters.month("from", from).atDay(1);
        LocalDate last = to == null ? LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusYears(1)
                : TimeParameters.month("to", to).atDay(1);
        return verification.verify(first, last);
    }
}
