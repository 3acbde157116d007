package io.sigillo.accesspoint.submission;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.pec.index.LdifProvidersIndex;
import io.sigillo.pec.index.ProvidersIndex;
import io.sigillo.pec.testing.HostileCorpus;
import io.sigillo.pec.testing.TestPki;
import io.sigillo.support.provider.LocalProvider;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST submission's two bodies, each fed {@link HostileCorpus#CASES} generated hostile cases, through the code
 * the controller runs: a case is either a checked submission or a {@link SubmissionRefused} naming the field and
 * the HTTP status; nothing else may come out of it, and nothing accepted carries a control character in the facts
 * the receipts will repeat.
 */
class SubmissionCorpusTest {

    private static final String ALICE = "alice@pec.alpha.example";

    private static JsonSubmissions json;
    private static SubmissionChecks checks;

    @BeforeAll
    static void accessPoint() throws Exception {
        ProvidersIndex index = LdifProvidersIndex.read(TestPki.get().dir().resolve("providers-index.ldif"));
        LocalProvider alpha = new LocalProvider("pec.alpha.example", () -> index);
        Clock clock = Clock.fixed(Instant.parse("2026-12-04T09:00:00Z"), ZoneOffset.UTC);
        SubmissionProperties properties = new SubmissionProperties(DataSize.ofMegabytes(30), 50);
        FreshMessageIds ids = new FreshMessageIds(alpha);
        json = new JsonSubmissions(new OriginalMessageBuilder(clock, ids), properties, JsonMapper.builder().build());
        checks = new SubmissionChecks(properties, ids, clock);
    }

    @Test
    void jsonBodies() {
        List<byte[]> seeds = List.of(
                ("{\"to\":[\"bob@pec.alpha.example\"],\"cc\":[\"carol@pec.beta.example\"],\"subject\":\"Contratto\","
                        + "\"text\":\"In allegato il contratto.\",\"receiptType\":\"breve\",\"attachments\":[{"
                        + "\"filename\":\"contratto.pdf\",\"contentType\":\"application/pdf\","
                        + "\"contentBase64\":\"JVBERi0xLjQKJcfsj6IK\"}]}").getBytes(StandardCharsets.UTF_8),
                "{\"to\":[\"carol@pec.beta.example\"],\"subject\":\"Preventivo àèì €\",\"html\":\"<p>Ciao</p>\"}"
                        .getBytes(StandardCharsets.UTF_8));

        HostileCorpus.Edge controller = body -> {
            try {
                byte[] raw = json.build(ALICE, body.length, new ByteArrayInputStream(body), null);
                return outcome(checks.check(raw, ALICE, null));
            } catch (SubmissionRefused refused) {
                return "refused " + refused.httpStatus();
            }
        };

        HostileCorpus bytes = new HostileCorpus("REST JSON submissions, bytes", seeds).run(HostileCorpus.CASES,
                controller);
        HostileCorpus values = new HostileCorpus("REST JSON submissions, values",
                HostileCorpus.hostileJsonValues(seeds)).run(HostileCorpus.CASES, controller);

        assertThat(bytes.total() + values.total()).isEqualTo(2 * HostileCorpus.CASES);
        assertThat(bytes.outcomes()).containsKeys("accepted", "refused 400");
        assertThat(values.outcomes()).containsKeys("accepted", "refused 400");
    }

    @Test
    void rfc822Bodies() {
        List<byte[]> seeds = List.of(("From: " + ALICE + "\r\nTo: bob@pec.alpha.example, carol@pec.beta.example\r\n"
                + "Subject: =?UTF-8?Q?Fattura_n=C2=B0_12?=\r\nMessage-ID: <seed@client.example>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=UTF-8"
                + "\r\n\r\nIn allegato.\r\n--b\r\nContent-Type: application/pdf; name=\"f.pdf\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n")
                .getBytes(StandardCharsets.UTF_8));

        HostileCorpus corpus = new HostileCorpus("REST message/rfc822 submissions", seeds).run(HostileCorpus.CASES,
                raw -> {
                    try {
                        return outcome(checks.check(raw, ALICE, "completa"));
                    } catch (SubmissionRefused refused) {
                        return "refused " + refused.httpStatus();
                    }
                });

        assertThat(corpus.total()).isEqualTo(HostileCorpus.CASES);
        assertThat(corpus.outcomes()).containsKeys("accepted", "refused 400");
    }

    /** An accepted case: its facts are what receipts and the log will repeat, so none may hide a control character. */
    private static String outcome(CheckedSubmission checked) {
        assertThat(checked.sender()).isEqualToIgnoringCase(ALICE);
        assertThat(checked.subject()).doesNotContainPattern("[\\x00-\\x08\\x0a-\\x1f\\x7f]");
        assertThat(checked.to().size() + checked.cc().size()).isPositive();
        return "accepted";
    }
}
