package io.sigillo.incomingpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.pec.testing.HealthProbes;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.stream.binding.BindingService;

class IncomingPointApplicationTest extends IncomingPointTestSupport {

    @LocalServerPort
    int port;

    @Autowired
    BindingService bindings;

    @Test
    void startsAndReportsHealthyOnTheActuatorProbes() throws Exception {
        HealthProbes.assertUp(port);
    }

    @Test
    void bindsOnlyWhatItsConfigurationNamesNoSupplierOfItsOwnAccord() {
        // The providers' index is a Supplier bean: auto-bound, it was published to Kafka every second.
        assertThat(bindings.getProducerBindingNames()).doesNotContain("providersIndex-out-0");
        assertThat(bindings.getConsumerBindingNames()).containsExactly("expectReceipts-in-0");
    }
}
