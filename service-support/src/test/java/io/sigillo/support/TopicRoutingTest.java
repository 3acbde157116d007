package io.sigillo.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

class TopicRoutingTest {

    private final TopicRouting routing = new TopicRouting(Map.of(
            "pec.message.signed", "deliverSigned",
            "pec.receipt.received", "deliverSigned",
            "pec.envelope.verified", "deliverEnvelope"));

    @Test
    void sendsEachRecordToTheFunctionItsTopicNames() {
        assertThat(routing.routingResult(from("pec.receipt.received"))).isEqualTo("deliverSigned");
        assertThat(routing.routingResult(from("pec.envelope.verified"))).isEqualTo("deliverEnvelope");
    }

    @Test
    void aTopicWithNoFunctionIsAnErrorThatNamesIt() {
        assertThatThrownBy(() -> routing.routingResult(from("pec.delivery.outcome")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("pec.delivery.outcome");
    }

    @Test
    void aBindingThatReadsATopicWithNoRouteIsRefusedAtStart() {
        assertThat(routing.requireRoutesFor(List.of("pec.message.signed", "pec.envelope.verified"))).isSameAs(routing);
        assertThatThrownBy(() -> routing.requireRoutesFor(List.of("pec.message.signed", "pec.delivery.outcome")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("[pec.delivery.outcome]");
    }

    private static Message<byte[]> from(String topic) {
        return MessageBuilder.withPayload(new byte[0]).setHeader(KafkaHeaders.RECEIVED_TOPIC, topic).build();
    }
}
