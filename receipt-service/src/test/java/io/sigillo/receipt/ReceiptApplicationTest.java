package io.sigillo.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.pec.testing.HealthProbes;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.stream.binding.BindingService;

class ReceiptApplicationTest extends ReceiptServiceTestSupport {

    @LocalServerPort
    int port;

    @Autowired
    BindingService bindings;

    @Test
    void startsAndReportsHealthyOnTheActuatorProbes() throws Exception {
        HealthProbes.assertUp(port);
    }

    @Test
    void readsEveryTopicItAnswersWithOneConsumer() {
        assertThat(bindings.getConsumerBindingNames()).containsExactly("functionRouter-in-0");
        assertThat(bindings.getConsumerBindings("functionRouter-in-0")).hasSize(1);
    }
}
