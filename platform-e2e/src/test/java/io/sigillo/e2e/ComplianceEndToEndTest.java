package io.sigillo.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sigillo.infra.InfrastructureAvailable;
import io.sigillo.pec.classify.Classification;
import io.sigillo.pec.format.PecHeaders;
import io.sigillo.pec.format.PecType;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What compliance staff can prove after the user lost everything: a message's whole life across two providers,
 * its receipts deleted from the sender's mailbox, then reproduced from each provider's log with the same facts.
 */
@ExtendWith(InfrastructureAvailable.class)
class ComplianceEndToEndTest {

    private static TwoProviders platform;
    private static PecClient alice;
    private static PecClient carol;

    @BeforeAll
    static void startProviders() throws Exception {
        platform = TwoProviders.get();
        alice = new PecClient(platform, platform.alpha, "alice@pec.alpha.example", "alice-demo");
        carol = new PecClient(platform, platform.beta, "carol@pec.beta.example", "carol-demo");
    }

    @Test
    void lostReceiptsAreReproducedByTheProvidersThatIssuedThemWithTheSameDaticert() throws Exception {
        String subject = "Diffida " + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> accepted = alice.submit("""
                {"to":["carol@pec.beta.example"],"subject":"%s","text":"Si diffida..."}""".formatted(subject));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String identifier = PecClient.field(accepted.body(), "messageId");
        alice.awaitListed("ACCETTAZIONE: " + subject);
        String listing = alice.listing();
        String riferimento = PecClient.field(listing.substring(listing.indexOf("ACCETTAZIONE: " + subject)),
                "riferimentoMessageId");
        Classification acceptance = alice.verified(alice.awaitOne(riferimento, "accettazione"), PecType.ACCEPTANCE);
        Classification delivery = alice.verified(alice.awaitOne(riferimento, "avvenuta-consegna"), PecType.DELIVERY);

        // The user loses both receipts.
        assertThat(alice.deleteAll(riferimento)).isEqualTo(2);
        assertThat(alice.mailbox(riferimento, "accettazione")).isEmpty();

        // Alpha issued the acceptance; beta issued the delivery receipt: each reproduces its own.
        String acceptanceId = acceptance.headers().raw("Message-ID").replaceAll("[<>]", "");
        String deliveryId = delivery.headers().raw("Message-ID").replaceAll("[<>]", "");
        await("receipts listed").atMost(Duration.ofSeconds(60)).until(() -> alice.receipts(identifier)
                .contains(acceptanceId) && carol.receipts(identifier).contains(deliveryId));
        assertThat(alice.receipts(identifier)).contains("\"type\":\"TRANSPORT_ENVELOPE\"")
                .contains(deliveryId);

        Classification acceptanceCopy = alice.verified(PecClient.reproduction(platform.alpha, acceptanceId),
                PecType.ACCEPTANCE);
        Classification deliveryCopy = alice.verified(PecClient.reproduction(platform.beta, deliveryId),
                PecType.DELIVERY);

        assertThat(acceptanceCopy.daticert()).isEqualTo(acceptance.daticert());
        assertThat(deliveryCopy.daticert()).isEqualTo(delivery.daticert());
        assertThat(acceptanceCopy.headers().raw(PecHeaders.X_RIPRODUZIONE)).isEqualTo("<" + acceptanceId + ">");
        assertThat(deliveryCopy.signature().orElseThrow().signer().getSubjectX500Principal().getName())
                .contains("CN=pec.beta.example");
        // Fails when the log never names the reproduction.
        alice.trace(identifier, "\"type\":\"REPRODUCTION_ISSUED\"");
        assertThat(alice.verifyLog()).contains("\"intact\":true");
        assertThat(carol.verifyLog()).contains("\"intact\":true");
    }
}
