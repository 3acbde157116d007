package io.sigillo.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.pec.testing.HealthProbes;
import io.sigillo.support.TopicRouting;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.stream.binding.BindingService;
import org.springframework.core.env.Environment;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;

class ReceiptApplicationTest extends ReceiptServiceTestSupport {

    @LocalServerPort
    int port;

    @Autowired
    BindingService bindings;

    @Autowired
    TopicRouting routing;

    @Autowired
    FunctionCatalog functions;

    @Autowired
    Environment environment;

    @Test
    void startsAndReportsHealthyOnTheActuatorProbes() throws Exception {
        HealthProbes.assertUp(port);
    }

    @Test
    void readsEveryTopicItAnswersWithOneConsumer() {
        assertThat(bindings.getConsumerBindingNames()).containsExactly("functionRouter-in-0");
        assertThat(bindings.getConsumerBindings("functionRouter-in-0")).hasSize(1);
    }

    @Test
    void routesEveryTopicOfItsConsumerToOneOfItsFunctions() {
        String[] topics = environment
                .getRequiredProperty("spring.cloud.stream.bindings.functionRouter-in-0.destination").split(",");
        assertThat(topics).isNotEmpty().allSatisfy(topic -> assertThat(functions.<Object>lookup(routing.routingResult(
                MessageBuilder.withPayload(new byte[0]).setHeader(KafkaHeaders.RECEIVED_TOPIC, topic).build())))
                .as(topic).isNotNull());
    }
}
