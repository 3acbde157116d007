package io.sigillo.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sigillo.infra.InfrastructureAvailable;
import io.sigillo.pec.classify.Classification;
import io.sigillo.pec.format.PecType;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole provider as a user and an auditor see it: submit over HTTP, then read the mailboxes and the log.
 * The providers' services run as separate processes; here the mail goes alice → bob inside pec.alpha.example.
 */
@ExtendWith(InfrastructureAvailable.class)
class OneProviderEndToEndTest {

    private static PecClient alice;
    private static PecClient bob;

    @BeforeAll
    static void startProviders() throws Exception {
        TwoProviders platform = TwoProviders.get();
        alice = new PecClient(platform, platform.alpha, "alice@pec.alpha.example", "alice-demo");
        bob = new PecClient(platform, platform.alpha, "bob@pec.alpha.example", "bob-demo");
    }

    @Test
    void aliceSendsBobACertifiedMessageAndEveryoneSeesWhatTheyShould() throws Exception {
        String attachment = Base64.getEncoder().encodeToString("Verbale del 25/11: approvato.".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> accepted = alice.submit("""
                {"to":["bob@pec.alpha.example"],"subject":"Verbale <riunione> & firma","text":"Ciao Bob,\\nil verbale.",
                 "attachments":[{"filename":"verbale.txt","contentType":"text/plain","contentBase64":"%s"}]}
                """.formatted(attachment));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String messageId = PecClient.field(accepted.body(), "messageId");

        // Find the original Message-ID through the acceptance receipt, then everything else by it.
        alice.awaitListed("ACCETTAZIONE: Verbale");
        String listing = alice.listing();
        String riferimento = PecClient.field(listing.substring(listing.indexOf("ACCETTAZIONE: Verbale")),
                "riferimentoMessageId");

        Classification acceptance = alice.verified(alice.awaitOne(riferimento, "accettazione"), PecType.ACCEPTANCE);
        assertThat(acceptance.daticert().orElseThrow().identifier()).isEqualTo(messageId);

        Classification transport = bob.verified(bob.awaitOne(riferimento, "posta-certificata"),
                PecType.TRANSPORT_ENVELOPE);
        String original = new String(transport.postacert().orElseThrow().bytes(), StandardCharsets.UTF_8);
        assertThat(original).contains("From: alice@pec.alpha.example").contains(attachment)
                .contains("Message-ID: " + riferimento);

        Classification delivery = alice.verified(alice.awaitOne(riferimento, "avvenuta-consegna"), PecType.DELIVERY);
        assertThat(delivery.daticert().orElseThrow().deliveredTo()).isEqualTo(bob.address());
        assertThat(delivery.postacert().orElseThrow().bytes()).isEqualTo(transport.postacert().orElseThrow().bytes());

        String trace = alice.trace(messageId, "DELIVERY_RECEIPT_ISSUED");
        PecClient.assertInOrder(trace, List.of("SUBMISSION_ACCEPTED", "ACCEPTANCE_RECEIPT_ISSUED",
                "TRANSPORT_ENVELOPE_ISSUED", "DELIVERED", "DELIVERY_RECEIPT_ISSUED"));
        // Between two mailboxes of one provider nothing is handed over: no take-in-charge, no relay (ADR 0012).
        assertThat(trace).doesNotContain("TAKE_IN_CHARGE_RECEIPT_ISSUED").doesNotContain("RELAYED")
                .doesNotContain("ENVELOPE_RECEIVED");
    }

    @Test
    void aCompleteMessageTravelsByteForByteAndEachReceiptKindCarriesWhatItShould() throws Exception {
        String eml = "From: alice@pec.alpha.example\r\nTo: bob@pec.alpha.example\r\nSubject: Contratto firmato\r\n"
                + "Message-ID: <breve-e2e@client.example>\r\nDate: Wed, 25 Nov 2026 21:50:00 +0100\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
                + "--b\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nIn allegato il contratto.\r\n"
                + "--b\r\nContent-Type: application/pdf; name=\"contratto.pdf\"\r\n"
                + "Content-Disposition: attachment; filename=\"contratto.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + "JVBERi0xLjQKJSVFT0YK\r\n--b--\r\n";
        assertThat(alice.submitEml(eml, "breve").statusCode()).isEqualTo(202);
        String sintetica = "From: alice@pec.alpha.example\r\nTo: bob@pec.alpha.example\r\nSubject: Breve nota\r\n"
                + "Message-ID: <sintetica-e2e@client.example>\r\n\r\nnota\r\n";
        assertThat(alice.submitEml(sintetica, "sintetica").statusCode()).isEqualTo(202);

        Classification envelope = bob.verified(bob.awaitOne("<breve-e2e@client.example>", "posta-certificata"),
                PecType.TRANSPORT_ENVELOPE);
        assertThat(envelope.postacert().orElseThrow().bytes()).isEqualTo(eml.getBytes(StandardCharsets.UTF_8));

        Classification breve = alice.verified(alice.awaitOne("<breve-e2e@client.example>", "avvenuta-consegna"),
                PecType.DELIVERY);
        assertThat(breve.headers().raw("X-TipoRicevuta")).isEqualTo("breve");
        assertThat(new String(breve.postacert().orElseThrow().bytes(), StandardCharsets.UTF_8))
                .contains("In allegato il contratto.").contains("contratto.pdf.sha256").doesNotContain("JVBERi0xLjQK");

        Classification summary = alice.verified(alice.awaitOne("<sintetica-e2e@client.example>",
                "avvenuta-consegna"), PecType.DELIVERY);
        assertThat(summary.headers().raw("X-TipoRicevuta")).isEqualTo("sintetica");
        assertThat(summary.postacert()).isEmpty();
    }

    @Test
    void aTwentyMegabyteMessageGoesThroughTheWholeFlow() throws Exception {
        byte[] big = new byte[15 * 1024 * 1024];
        new java.util.Random(7).nextBytes(big);
        HttpResponse<String> accepted = alice.submit("{\"to\":[\"bob@pec.alpha.example\"],\"subject\":\"Archivio grande\","
                + "\"text\":\"Archivio in allegato\",\"attachments\":[{\"filename\":\"archivio.bin\","
                + "\"contentType\":\"application/octet-stream\",\"contentBase64\":\""
                + Base64.getEncoder().encodeToString(big) + "\"}]}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        await("large delivery receipt").atMost(Duration.ofMinutes(3)).until(() -> alice.listing()
                .contains("CONSEGNA: Archivio grande"));
        String listing = bob.listing();
        String entry = listing.substring(listing.indexOf("POSTA CERTIFICATA: Archivio grande"));
        long size = Long.parseLong(entry.replaceFirst("(?s).*?\"size\":(\\d+).*", "$1"));
        assertThat(size).isGreaterThan(20_000_000L);
    }

    @Test
    void aSpoofedSenderIsRefusedAndAliceGetsASignedNonAcceptanceNotice() throws Exception {
        HttpResponse<String> refused = alice.submitEml("From: bob@pec.alpha.example\r\nTo: bob@pec.alpha.example"
                + "\r\nSubject: Falso mittente\r\nMessage-ID: <spoof-e2e@client.example>\r\n\r\nx\r\n", "completa");

        assertThat(refused.statusCode()).isEqualTo(400);
        Classification notice = alice.verified(alice.awaitOne("<spoof-e2e@client.example>", "non-accettazione"),
                PecType.NON_ACCEPTANCE);
        assertThat(notice.daticert().orElseThrow().extendedError()).contains("non corrisponde");
        assertThat(bob.mailbox("<spoof-e2e@client.example>", "posta-certificata")).isEmpty();
    }

    @Test
    void anUnknownRecipientMailboxGetsANonDeliveryNoticeNothingIsLost() throws Exception {
        HttpResponse<String> accepted = alice.submit("{\"to\":[\"nobody@pec.alpha.example\"],\"subject\":\"A nessuno\","
                + "\"text\":\"x\"}");
        assertThat(accepted.statusCode()).isEqualTo(202);
        String messageId = PecClient.field(accepted.body(), "messageId");

        alice.awaitListed("AVVISO DI MANCATA CONSEGNA: A nessuno");
        assertThat(alice.trace(messageId, "NON_DELIVERY_NOTICE_ISSUED")).contains("DELIVERY_FAILED").contains("5.1.1");
    }
}
