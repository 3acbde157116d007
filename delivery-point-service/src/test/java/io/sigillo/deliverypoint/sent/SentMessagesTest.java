package io.sigillo.deliverypoint.sent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sigillo.blob.BlobStore;
import io.sigillo.deliverypoint.DeliveryPointTestSupport;
import io.sigillo.deliverypoint.admin.MailboxCreation;
import io.sigillo.infra.MovableClock;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TopicProbe;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.pec.event.Routing;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.PecError;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.message.AcceptanceReceipt;
import io.sigillo.pec.message.DeliveryReceipt;
import io.sigillo.pec.message.MessageFacts;
import io.sigillo.pec.message.NonAcceptanceNotice;
import io.sigillo.pec.message.NonDeliveryNotice;
import io.sigillo.pec.message.NonDeliveryReason;
import io.sigillo.pec.message.NonDeliveryWarning;
import io.sigillo.pec.message.ProviderMessage;
import io.sigillo.pec.message.SignedMessage;
import io.sigillo.pec.message.TransportEnvelope;
import io.sigillo.pec.testing.TestProviders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A sender's messages followed per recipient from the receipts that reach her mailbox over Kafka, as the receipt
 * service and the incoming point announce them: accepted, delivered, warned, not delivered, sent as ordinary mail,
 * refused; each step a message of her mailbox to open.
 */
class SentMessagesTest extends DeliveryPointTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    MailboxCreation mailboxes;

    @Autowired
    BlobStore blobs;

    @Autowired
    JsonMapper json;

    @Autowired
    MovableClock clock;

    private final TopicProbe topics = new TopicProbe(SharedTestInfrastructure.kafka().bootstrapServers());

    /**
     * Announces {@code message}, signed by its issuer, for {@code sender}'s mailbox as the service that signs or
     * verifies it would, reporting on {@code concerning}.
     */
    private void announce(ProviderMessage message, String sender, List<String> concerning) {
        SignedMessage signed = TestProviders.sign(message);
        boolean ours = message.issuer().equals(DemoMessages.ALPHA);
        ProviderMessageSigned event = new ProviderMessageSigned(ProviderMessageSigned.SCHEMA_VERSION,
                UUID.randomUUID().toString(), message.facts().identifier(), message.type(), signed.messageId(),
                blobs.put(signed.bytes()), Routing.local(List.of(sender)), clock.instant(), message.issuer().domain(),
                concerning, message.facts(), message instanceof TransportEnvelope envelope
                        ? blobs.put(envelope.original().bytes()) : null, null, null);
        topics.send(ours ? Topics.MESSAGE_SIGNED : Topics.RECEIPT_RECEIVED, message.facts().identifier().value(),
                json.writeValueAsBytes(event));
    }

    private JsonNode get(String path, String user, String password) throws Exception {
        HttpResponse<String> response = answer(path, user, password);
        return response.statusCode() == 200 ? json.readTree(response.body())
                : json.readTree("{\"status\":" + response.statusCode() + "}");
    }

    private HttpResponse<String> answer(String path, String user, String password) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, JsonNode> byAddress(JsonNode message) {
        return StreamSupport.stream(message.get("recipients").spliterator(), false)
                .collect(Collectors.toMap(r -> r.get("address").asString(), r -> r));
    }

    @Test
    void eachRecipientOfASentMessageStandsWhereItsLatestReceiptPutsItAndEachStepOpensAsItsReceipt() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String alice = "alice." + run + "@pec.alpha.example";
        mailboxes.create(alice, "alice-secret", null);
        String bob = "bob." + run + "@pec.beta.example";
        String carol = "carol." + run + "@pec.beta.example";
        String erin = "erin." + run + "@pec.beta.example";
        String dave = "dave." + run + "@mail.example";
        MessageFacts sent = new MessageFacts(MessageIdentifier.random("pec.alpha.example"), alice,
                List.of(Recipient.certified(bob), Recipient.certified(carol)),
                List.of(Recipient.certified(erin), Recipient.external(dave)), alice, "Offerta " + run,
                "<" + run + "@client.example>");
        MessageFacts refused = new MessageFacts(MessageIdentifier.random("pec.alpha.example"), alice,
                List.of(Recipient.certified(bob)), List.of(), alice, "Rifiutata " + run, "<r" + run + "@client.example>");
        MessageFacts received = new MessageFacts(MessageIdentifier.random("pec.beta.example"), bob,
                List.of(Recipient.certified(alice)), List.of(), bob, "Risposta " + run, "<b" + run + "@client.example>");

        announce(new AcceptanceReceipt(sent, DemoMessages.ALPHA, clock.instant()), alice, List.of());
        clock.advance(Duration.ofSeconds(2));
        announce(new DeliveryReceipt(sent, DemoMessages.BETA, clock.instant(), bob, ReceiptType.BREVE,
                DemoMessages.original()), alice, List.of(bob));
        clock.advance(Duration.ofHours(12));
        announce(new NonDeliveryWarning(sent, DemoMessages.ALPHA, clock.instant(), carol), alice, List.of(carol));
        announce(new NonDeliveryNotice(sent, DemoMessages.BETA, clock.instant(), carol,
                NonDeliveryReason.MAILBOX_FULL), alice, List.of(carol));
        // Neither a message she received nor a refused one's recipients mix with it.
        announce(new TransportEnvelope(received, DemoMessages.BETA, clock.instant(), DemoMessages.original()), alice,
                List.of());
        clock.advance(Duration.ofMinutes(1));
        announce(new NonAcceptanceNotice(refused, DemoMessages.ALPHA, clock.instant(), PecError.ALTRO,
                "troppi destinatari"), alice, List.of());

        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/v1/mailbox/messages", alice, "alice-secret")
                .get("total").asLong() == 6);
        JsonNode page = get("/api/v1/mailbox/sent", alice, "alice-secret");

        assertThat(page.get("total").asLong()).isEqualTo(2);
        JsonNode newest = page.get("messages").get(0);
        assertThat(newest.get("subject").asString()).isEqualTo("Rifiutata " + run);
        assertThat(newest.get("refused").asBoolean()).isTrue();
        assertThat(byAddress(newest).get(bob).get("progress").asString()).isEqualTo("REFUSED");

        JsonNode offer = page.get("messages").get(1);
        assertThat(offer.get("subject").asString()).isEqualTo("Offerta " + run);
        assertThat(offer.get("reference").asString()).isEqualTo("<" + run + "@client.example>");
        Map<String, JsonNode> recipients = byAddress(offer);
        assertThat(recipients.keySet()).containsExactlyInAnyOrder(bob, carol, erin, dave);
        assertThat(recipients.get(bob).get("progress").asString()).isEqualTo("DELIVERED");
        assertThat(recipients.get(carol).get("progress").asString()).isEqualTo("NOT_DELIVERED");
        assertThat(recipients.get(erin).get("progress").asString()).isEqualTo("ACCEPTED");
        assertThat(recipients.get(dave).get("progress").asString()).isEqualTo("SENT_AS_ORDINARY_MAIL");
        assertThat(recipients.get(dave).get("certified").asBoolean()).isFalse();

        // The timeline: the four receipts in the order they came, each one a message of her mailbox.
        JsonNode timeline = get("/api/v1/mailbox/sent/" + offer.get("id").asString(), alice, "alice-secret");
        List<String> types = StreamSupport.stream(timeline.get("steps").spliterator(), false)
                .map(step -> step.get("pecType").asString()).toList();
        assertThat(types.get(0)).isEqualTo("accettazione");
        assertThat(types).hasSize(4).contains("avvenuta-consegna", "preavviso-errore-consegna", "errore-consegna");
        String notice = recipients.get(carol).get("receipt").asString();
        assertThat(StreamSupport.stream(timeline.get("steps").spliterator(), false)
                .filter(step -> step.get("id").asString().equals(notice))
                .map(step -> step.get("pecType").asString())).containsExactly("errore-consegna");
        HttpResponse<byte[]> raw = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/mailbox/messages/" + notice + "/raw")).header("Authorization", "Basic " + Base64
                .getEncoder().encodeToString((alice + ":alice-secret").getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(new String(raw.body(), StandardCharsets.ISO_8859_1)).contains("X-Ricevuta: errore-consegna");

        // Searched by part of a recipient, of the subject, or by day.
        java.time.LocalDate day = java.time.LocalDate.ofInstant(clock.instant(), io.sigillo.pec.format.PecTimestamp.ROME);
        assertThat(get("/api/v1/mailbox/sent?to=" + carol.toUpperCase(java.util.Locale.ROOT), alice, "alice-secret")
                .get("messages").get(0).get("subject").asString()).isEqualTo("Offerta " + run);
        assertThat(get("/api/v1/mailbox/sent?to=dave." + run, alice, "alice-secret").get("total").asLong()).isEqualTo(1);
        assertThat(get("/api/v1/mailbox/sent?subject=rifiutata", alice, "alice-secret").get("total").asLong())
                .isEqualTo(1);
        assertThat(get("/api/v1/mailbox/sent?to=" + bob + "&subject=offerta", alice, "alice-secret").get("total")
                .asLong()).isEqualTo(1);
        assertThat(get("/api/v1/mailbox/sent?since=" + day.plusDays(1), alice, "alice-secret").get("total").asLong())
                .isZero();

        // A receipt is not a sent message, and another owner has none of hers.
        assertThat(get("/api/v1/mailbox/sent/" + notice, alice, "alice-secret").get("status").asInt())
                .isEqualTo(404);
        String other = "other." + run + "@pec.alpha.example";
        mailboxes.create(other, "other-secret", null);
        assertThat(get("/api/v1/mailbox/sent/" + offer.get("id").asString(), other, "other-secret").get("status")
                .asInt()).isEqualTo(404);
        assertThat(get("/api/v1/mailbox/sent", other, "other-secret").get("total").asLong()).isZero();
    }

    @Test
    void aDayBefore1970OrAfter9999IsRefusedWithAProblemNotAnError() throws Exception {
        String owner = "far." + UUID.randomUUID().toString().substring(0, 8) + "@pec.alpha.example";
        mailboxes.create(owner, "far-secret", null);

        for (String query : List.of("until=%2B300000-01-01", "since=%2B10000-01-01", "since=1969-12-31")) {
            HttpResponse<String> refused = answer("/api/v1/mailbox/sent?" + query, owner, "far-secret");
            assertThat(refused.statusCode()).as(query).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(json.readTree(refused.body()).get("detail").asString())
                    .startsWith(query.substring(0, query.indexOf('=')) + ": ")
                    .endsWith("is not a day from 1970-01-01 to 9999-12-31");
        }
        assertThat(get("/api/v1/mailbox/sent?since=1970-01-01&until=9999-12-31", owner, "far-secret").get("total")
                .asLong()).isZero();
    }
}
