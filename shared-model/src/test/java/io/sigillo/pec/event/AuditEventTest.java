package io.sigillo.pec.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.message.MessageFacts;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditEventTest {

    private static final Instant AT = Instant.parse("2026-11-25T20:50:04Z");
    private final MessageFacts facts = DemoMessages.facts();

    private AuditEvent delivered(String detail, Instant at) {
        return AuditEvent.about(facts, AuditEventType.DELIVERED, "delivery-point-service", "pec.beta.example",
                List.of(), detail, at);
    }

    @Test
    void aStepRecordedAgainAfterARetryHasTheSameIdWhateverTheTime() {
        assertThat(delivered("bob@pec.beta.example", AT).eventId())
                .isEqualTo(delivered("bob@pec.beta.example", AT.plusSeconds(90)).eventId())
                .startsWith("step-");
    }

    @Test
    void stepsThatDifferInWhatTheyRecordHaveDifferentIds() {
        String bob = delivered("bob@pec.beta.example", AT).eventId();
        assertThat(delivered("carol@pec.beta.example", AT).eventId()).isNotEqualTo(bob);
        assertThat(AuditEvent.about(facts, AuditEventType.DELIVERY_FAILED, "delivery-point-service",
                "pec.beta.example", List.of(), "bob@pec.beta.example", AT).eventId()).isNotEqualTo(bob);
        assertThat(AuditEvent.about(facts, AuditEventType.DELIVERED, "delivery-point-service", "pec.beta.example",
                List.of("<receipt@pec.beta.example>"), "bob@pec.beta.example", AT).eventId()).isNotEqualTo(bob);
        // Field boundaries count: moving text from one field to the next is another step.
        assertThat(AuditEvent.stepId("a", AuditEventType.RELAYED, "x", "y", List.of("r"), List.of(), "d"))
                .isNotEqualTo(AuditEvent.stepId("a", AuditEventType.RELAYED, "x", "y", List.of(), List.of("r"), "d"));
    }
}
