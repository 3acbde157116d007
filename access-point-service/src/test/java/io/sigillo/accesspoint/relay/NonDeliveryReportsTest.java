package io.sigillo.accesspoint.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NonDeliveryReportsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "true  | 550 5.1.1 <x@mail.example>: user unknown | 5.1.1",
        "true  | 554-5.7.1 rejected by policy            | 5.7.1",
        "true  | 550 no such user                         | 5.0.0",
        "true  | 556 nomail.example publishes a null MX   | 5.1.10",
        "true  | 556 nosuch.example does not exist        | 5.1.2",
        "false | 451 4.3.0 try later                      | 4.3.0",
        "false | java.net.ConnectException: refused       | 4.4.7"})
    void theStatusIsTheOtherSidesOwnCodeOrWhatTheFailureSays(boolean permanent, String diagnostic, String status) {
        assertThat(NonDeliveryReports.statusCode(permanent, diagnostic)).isEqualTo(status);
    }

    @Test
    void onlyTheHeadersOfWhatWasSentAreReturnedAndAHostileReplyCannotAddALine() throws Exception {
        byte[] sent = "Subject: ciao\r\nMessage-ID: <m@x>\r\n\r\nthe body\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] report = NonDeliveryReports.report(new NonDeliveryReports.Failure("smtp.pec.alpha.example",
                "pec.alpha.example", "<ndr.1@pec.alpha.example>", "alice@pec.alpha.example",
                List.of("bob@mail.example"), true, "550 5.1.1 no\r\nAction: delivered", Instant.parse(
                        "2026-03-02T10:00:00Z"), Instant.parse("2026-03-02T10:00:05Z"), new ByteArrayInputStream(sent)));
        String text = new String(report, StandardCharsets.UTF_8);

        assertThat(text).contains("Subject: ciao\r\nMessage-ID: <m@x>\r\n--").doesNotContain("the body")
                .contains("Diagnostic-Code: smtp; 550 5.1.1 no  Action: delivered\r\n")
                .doesNotContain("\r\nAction: delivered");
    }
}
