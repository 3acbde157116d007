package io.sigillo.incomingpoint.expected;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.incomingpoint.IncomingPointTestSupport;
import io.sigillo.infra.TestTime;
import io.sigillo.pec.event.BlobRef;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.pec.event.Routing;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.message.MessageFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Which receipts the incoming point waits for, as the envelopes this provider signs say, and for how long. */
class ExpectedReceiptsTest extends IncomingPointTestSupport {

    private static final BlobRef SOME_BLOB = new BlobRef("0".repeat(64), 1);

    @Autowired
    ExpectedReceipts expected;

    private static ProviderMessageSigned signed(PecType type, MessageFacts facts, Routing routing, Instant at) {
        return new ProviderMessageSigned(ProviderMessageSigned.SCHEMA_VERSION, UUID.randomUUID().toString(),
                facts.identifier(), type, MessageIdentifier.random("pec.alpha.example"), SOME_BLOB, routing, at,
                "pec.alpha.example", List.of(), facts, SOME_BLOB, null, null);
    }

    private static MessageFacts alicesMessage() {
        return new MessageFacts(MessageIdentifier.random("pec.alpha.example"), "Alice@pec.alpha.example",
                List.of(Recipient.certified("carol@pec.beta.example"), Recipient.certified("bob@pec.alpha.example")),
                List.of(), null, "Contratto", "<" + UUID.randomUUID() + "@client.example>");
    }

    @Test
    void anEnvelopeMakesUsWaitForItsRecipientsAtOtherProvidersOnlyAndOnlyForItsSender() {
        MessageFacts facts = alicesMessage();
        String id = facts.identifier().value();

        expected.note(signed(PecType.TRANSPORT_ENVELOPE, facts, new Routing(List.of("bob@pec.alpha.example"),
                List.of("Carol@pec.beta.example"), List.of()), TestTime.now()));
        // Noted twice, as a redelivered announcement is: still one expectation.
        expected.note(signed(PecType.TRANSPORT_ENVELOPE, facts, new Routing(List.of(),
                List.of("carol@pec.beta.example"), List.of()), TestTime.now()));

        assertThat(expected.check(id, "alice@pec.alpha.example", List.of("CAROL@pec.beta.example")))
                .isInstanceOf(ExpectedReceipts.Expected.class);
        assertThat(expected.check(id, "alice@pec.alpha.example", List.of("bob@pec.alpha.example")))
                .isInstanceOf(ExpectedReceipts.Contradicted.class);
        assertThat(expected.check(id, "mallory@pec.alpha.example", List.of("carol@pec.beta.example")))
                .isInstanceOf(ExpectedReceipts.Contradicted.class);
        assertThat(expected.check(id, "alice@pec.alpha.example", List.of()))
                .isInstanceOf(ExpectedReceipts.Contradicted.class);
        assertThat(expected.check(MessageIdentifier.random("pec.alpha.example").value(), "alice@pec.alpha.example",
                List.of("carol@pec.beta.example"))).isInstanceOf(ExpectedReceipts.Unknown.class);
    }

    @Test
    void receiptsAndOtherSignedMessagesMakeUsWaitForNothing() {
        MessageFacts facts = alicesMessage();

        expected.note(signed(PecType.ACCEPTANCE, facts, Routing.local(List.of("alice@pec.alpha.example")),
                TestTime.now()));
        expected.note(signed(PecType.DELIVERY, facts, new Routing(List.of(), List.of("carol@pec.beta.example"),
                List.of()), TestTime.now()));

        assertThat(expected.check(facts.identifier().value(), "alice@pec.alpha.example",
                List.of("carol@pec.beta.example"))).isInstanceOf(ExpectedReceipts.Unknown.class);
    }

    @Test
    void whatWasSignedBeforeTheCutoffIsForgottenAndTheRestKept() {
        Instant longAgo = TestTime.now().minus(Duration.ofDays(40));
        MessageFacts old = alicesMessage();
        MessageFacts recent = alicesMessage();
        Routing toCarol = new Routing(List.of(), List.of("carol@pec.beta.example"), List.of());
        expected.note(signed(PecType.TRANSPORT_ENVELOPE, old, toCarol, longAgo));
        expected.note(signed(PecType.TRANSPORT_ENVELOPE, recent, toCarol, TestTime.now()));

        assertThat(expected.forgetBefore(TestTime.now().minus(Duration.ofDays(30)))).isGreaterThanOrEqualTo(1);

        assertThat(expected.check(old.identifier().value(), "alice@pec.alpha.example",
                List.of("carol@pec.beta.example"))).isInstanceOf(ExpectedReceipts.Unknown.class);
        assertThat(expected.check(recent.identifier().value(), "alice@pec.alpha.example",
                List.of("carol@pec.beta.example"))).isInstanceOf(ExpectedReceipts.Expected.class);
    }
}
