package io.sigillo.accesspoint.timers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sigillo.accesspoint.AccessPointTestSupport;
import io.sigillo.infra.MovableClock;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TopicProbe;
import io.sigillo.pec.event.BlobRef;
import io.sigillo.pec.event.DeliveryOverdue;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.pec.event.Routing;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.message.MessageFacts;
import io.sigillo.pec.testing.HealthProbes;
import io.sigillo.support.KeyedPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sender-side clocks, with time moved forward instead of waited for: 12 hours without take-in-charge or
 * delivery give a warning, the time limit without delivery the final notice, and receipts stop the clocks.
 */
class DeliveryTimersTest extends AccessPointTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    MovableClock clock;

    @Autowired
    OverdueSweep sweep;

    @Autowired
    DeliveryTimers timers;

    @Autowired
    TimerProperties properties;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JsonMapper json;

    @Autowired
    KafkaProperties kafka;

    private final TopicProbe topics = new TopicProbe(SharedTestInfrastructure.kafka().bootstrapServers());

    /** The clock is the context's, shared with the other test classes: leave it at the tests' time. */
    @AfterEach
    void backToTheTestsTime() {
        clock.reset();
    }

    /** alice writes to bob (alpha), carol (beta) and dave (not PEC: no clock). */
    private static MessageFacts facts() {
        return new MessageFacts(MessageIdentifier.random("pec.alpha.example"), "alice@pec.alpha.example",
                List.of(Recipient.certified("bob@pec.alpha.example"), Recipient.certified("carol@pec.beta.example")),
                List.of(Recipient.external("dave@mail.example")), null, "Scadenza", "<" + UUID.randomUUID() + "@c.example>");
    }

    private MessageFacts accept() {
        return accept(facts());
    }

    /** The receipt service announces alice's envelope; the clocks start from it. */
    private MessageFacts accept(MessageFacts facts) {
        topics.send(Topics.MESSAGE_SIGNED, facts.identifier().value(),
                json.writeValueAsBytes(envelope(facts, clock.instant())));
        await().atMost(WAIT).until(() -> started(facts, "carol@pec.beta.example") && started(facts, "bob@pec.alpha.example"));
        return facts;
    }

    private static ProviderMessageSigned envelope(MessageFacts facts, Instant signedAt) {
        return new ProviderMessageSigned(ProviderMessageSigned.SCHEMA_VERSION, UUID.randomUUID().toString(),
                facts.identifier(), PecType.TRANSPORT_ENVELOPE, facts.identifier(), new BlobRef("2".repeat(64), 1),
                new Routing(List.of("bob@pec.alpha.example"), List.of("carol@pec.beta.example"),
                        List.of("dave@mail.example")),
                signedAt, "pec.alpha.example", List.of(), facts, new BlobRef("0".repeat(64), 1),
                ReceiptType.COMPLETA, null);
    }

    private boolean started(MessageFacts facts, String recipient) {
        return timers.state(facts.identifier().value(), recipient).map(s -> s.acceptedAt() != null).orElse(false);
    }

    private void receipt(MessageFacts facts, PecType type, String about) {
        // Beta's receipts reach the timers as the incoming point announces them.
        topics.send(Topics.RECEIPT_RECEIVED, facts.identifier().value(),
                json.writeValueAsBytes(receiptEvent(facts, type, about, "pec.beta.example")));
    }

    private ProviderMessageSigned receiptEvent(MessageFacts facts, PecType type, String about, String issuer) {
        return new ProviderMessageSigned(ProviderMessageSigned.SCHEMA_VERSION, UUID.randomUUID().toString(),
                facts.identifier(), type, MessageIdentifier.derived(issuer, type.name(), about),
                new BlobRef("1".repeat(64), 1), Routing.NOWHERE, clock.instant(), issuer, List.of(about), facts, null,
                null, null);
    }

    @Test
    void receiptsSignedHereForAnotherProvidersMessageLeaveNoClock() {
        // carol (beta) wrote to bob (alpha): alpha signs bob's receipts, and beta runs the clock they stop.
        MessageFacts theirs = new MessageFacts(MessageIdentifier.random("pec.beta.example"), "carol@pec.beta.example",
                List.of(Recipient.certified("bob@pec.alpha.example")), List.of(), null, "Offerta",
                "<" + UUID.randomUUID() + "@c.example>");
        MessageFacts ours = facts();
        // One key, one partition: the receipt about alice's message is read after carol's two.
        String key = ours.identifier().value();
        for (PecType type : List.of(PecType.TAKE_IN_CHARGE, PecType.DELIVERY)) {
            topics.send(Topics.MESSAGE_SIGNED, key, json.writeValueAsBytes(
                    receiptEvent(theirs, type, "bob@pec.alpha.example", "pec.alpha.example")));
        }
        topics.send(Topics.MESSAGE_SIGNED, key, json.writeValueAsBytes(
                receiptEvent(ours, PecType.DELIVERY, "bob@pec.alpha.example", "pec.alpha.example")));

        await().atMost(WAIT).until(() -> timers.state(key, "bob@pec.alpha.example")
                .map(s -> s.closedAt() != null).orElse(false));
        assertThat(jdbc.sql("SELECT count(*) FROM delivery_timers WHERE identifier = ?")
                .param(theirs.identifier().value()).query(Long.class).single()).isZero();
    }

    @Test
    void aDeliveryReceiptSeenBeforeItsEnvelopeStillStopsTheClockItWouldHaveStarted() {
        MessageFacts facts = facts();
        receipt(facts, PecType.DELIVERY, "bob@pec.alpha.example");
        await().atMost(WAIT).until(() -> timers.state(facts.identifier().value(), "bob@pec.alpha.example")
                .map(s -> s.closedAt() != null).orElse(false));
        accept(facts);

        clock.advance(properties.timeoutAfter().plusMinutes(1));
        sweep.sweep();

        assertThat(overdue(facts, 2)).extracting(DeliveryOverdue::kind, DeliveryOverdue::recipient)
                .containsExactlyInAnyOrder(Tuple.tuple(DeliveryOverdue.Kind.WARNING, "carol@pec.beta.example"),
                        Tuple.tuple(DeliveryOverdue.Kind.TIMEOUT, "carol@pec.beta.example"));
        // The sweep has run: bob's clock, stopped before it started, owed nothing.
        DeliveryTimers.State bob = timers.state(facts.identifier().value(), "bob@pec.alpha.example").orElseThrow();
        assertThat(bob.acceptedAt()).isNotNull();
        assertThat(bob.warnedAt()).isNull();
        assertThat(bob.expiredAt()).isNull();
    }

    private List<DeliveryOverdue> overdue(MessageFacts facts, int atLeast) {
        return topics.await(Topics.DELIVERY_OVERDUE, r -> facts.identifier().value().equals(r.key()), atLeast, WAIT)
                .stream().map(r -> json.readValue(r.value(), DeliveryOverdue.class)).toList();
    }

    @Test
    void clocksThatEndedAreForgottenAfterTheirKeepingAndAnEnvelopeReplayedThenStartsNone() {
        Instant acceptedAt = clock.instant();
        MessageFacts delivered = accept();
        receipt(delivered, PecType.DELIVERY, "bob@pec.alpha.example");
        receipt(delivered, PecType.DELIVERY, "carol@pec.beta.example");
        // A receipt for an envelope this service never saw, and a clock nothing stopped (no sweep ran).
        MessageFacts neverSeen = facts();
        receipt(neverSeen, PecType.DELIVERY, "bob@pec.alpha.example");
        MessageFacts waiting = accept();
        await().atMost(WAIT).until(() -> closed(delivered, "bob@pec.alpha.example")
                && closed(delivered, "carol@pec.beta.example") && closed(neverSeen, "bob@pec.alpha.example"));

        clock.advance(properties.keptFor().minusMinutes(1));
        sweep.forgetEnded();
        assertThat(timers.state(delivered.identifier().value(), "bob@pec.alpha.example")).isPresent();
        assertThat(timers.state(neverSeen.identifier().value(), "bob@pec.alpha.example")).isPresent();

        clock.advance(Duration.ofMinutes(2));
        assertThat(sweep.forgetEnded()).isGreaterThanOrEqualTo(3);
        assertThat(timers.state(delivered.identifier().value(), "bob@pec.alpha.example")).isEmpty();
        assertThat(timers.state(delivered.identifier().value(), "carol@pec.beta.example")).isEmpty();
        assertThat(timers.state(neverSeen.identifier().value(), "bob@pec.alpha.example")).isEmpty();
        assertThat(timers.state(waiting.identifier().value(), "bob@pec.alpha.example")).isPresent();

        // The envelope again, as a replay would bring it, then a receipt on the same partition to know it was read.
        String key = delivered.identifier().value();
        topics.send(Topics.MESSAGE_SIGNED, key, json.writeValueAsBytes(envelope(delivered, acceptedAt)));
        topics.send(Topics.MESSAGE_SIGNED, key, json.writeValueAsBytes(
                receiptEvent(waiting, PecType.DELIVERY, "bob@pec.alpha.example", "pec.alpha.example")));
        await().atMost(WAIT).until(() -> closed(waiting, "bob@pec.alpha.example"));
        assertThat(timers.state(delivered.identifier().value(), "bob@pec.alpha.example")).isEmpty();
    }

    private boolean closed(MessageFacts facts, String recipient) {
        return timers.state(facts.identifier().value(), recipient).map(s -> s.closedAt() != null).orElse(false);
    }

    @Test
    void externalRecipientsHaveNoClock() {
        MessageFacts facts = accept();

        assertThat(timers.state(facts.identifier().value(), "dave@mail.example")).isEmpty();
    }

    @Test
    void twelveHoursWithoutTakeInChargeWarnOnlyForTheRecipientNothingCameFor() {
        MessageFacts facts = accept();
        receipt(facts, PecType.TAKE_IN_CHARGE, "carol@pec.beta.example");
        await().atMost(WAIT).until(() -> timers.state(facts.identifier().value(), "carol@pec.beta.example")
                .orElseThrow().takenInChargeAt() != null);

        clock.advance(Duration.ofHours(11).plusMinutes(59));
        sweep.sweep();
        assertThat(timers.state(facts.identifier().value(), "bob@pec.alpha.example").orElseThrow().warnedAt())
                .isNull();

        clock.advance(Duration.ofMinutes(2));
        sweep.sweep();
        sweep.sweep();

        List<DeliveryOverdue> events = overdue(facts, 1);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(DeliveryOverdue.Kind.WARNING);
            assertThat(e.recipient()).isEqualTo("bob@pec.alpha.example");
            assertThat(e.facts()).isEqualTo(facts);
        });
    }

    @Test
    void aTakeInChargeAloneDoesNotStopTheFinalNoticeButADeliveryReceiptDoes() throws Exception {
        MessageFacts facts = accept();
        receipt(facts, PecType.TAKE_IN_CHARGE, "carol@pec.beta.example");
        receipt(facts, PecType.DELIVERY, "bob@pec.alpha.example");
        await().atMost(WAIT).until(() -> timers.state(facts.identifier().value(), "bob@pec.alpha.example")
                .orElseThrow().closedAt() != null
                && timers.state(facts.identifier().value(), "carol@pec.beta.example").orElseThrow()
                        .takenInChargeAt() != null);

        clock.advance(properties.timeoutAfter().plusMinutes(1));
        sweep.sweep();

        List<DeliveryOverdue> events = overdue(facts, 1);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(DeliveryOverdue.Kind.TIMEOUT);
            assertThat(e.recipient()).isEqualTo("carol@pec.beta.example");
        });
        // The delivery receipt's latency went into the end-to-end histogram.
        assertThat(HealthProbes.prometheus(port)).contains("sigillo_delivery_latency_seconds_bucket{");
        assertThat(properties.timeoutAfter()).isBetween(Duration.ofHours(22), Duration.ofHours(24));
    }

    @Test
    void theClocksLiveInPostgresqlSoAFreshServiceInstanceStillFiresThem() {
        MessageFacts facts = accept();
        clock.advance(properties.timeoutAfter().plusMinutes(1));

        // What a restarted service would build: nothing but the database carries the state.
        try (KeyedPublisher publisher = new KeyedPublisher(SharedTestInfrastructure.kafka().bootstrapServers(),
                kafka.buildProducerProperties(), json)) {
            new OverdueSweep(new DeliveryTimers(jdbc, json), publisher, properties, transactions, clock).sweep();
        }

        List<DeliveryOverdue> events = overdue(facts, 4);
        assertThat(events).extracting(DeliveryOverdue::kind, DeliveryOverdue::recipient).containsExactlyInAnyOrder(
                Tuple.tuple(DeliveryOverdue.Kind.WARNING, "bob@pec.alpha.example"),
                Tuple.tuple(DeliveryOverdue.Kind.WARNING, "carol@pec.beta.example"),
                Tuple.tuple(DeliveryOverdue.Kind.TIMEOUT, "bob@pec.alpha.example"),
                Tuple.tuple(DeliveryOverdue.Kind.TIMEOUT, "carol@pec.beta.example"));
    }
}
