package io.sigillo.accesspoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.pec.testing.HealthProbes;
import io.sigillo.pec.testing.OpenApiDocs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.stream.binding.BindingService;

class AccessPointApplicationTest extends AccessPointTestSupport {

    @LocalServerPort
    int port;

    @Autowired
    BindingService bindings;

    @Test
    void startsAndReportsHealthyOnTheActuatorProbes() throws Exception {
        HealthProbes.assertUp(port);
    }

    @Test
    void servesTheOpenApiDocumentCheckedIntoDocs() throws Exception {
        OpenApiDocs.assertMatchesCheckedIn(port, "access-point-service");
    }

    @Test
    void readsBothTopicsOfTheClocksWithOneConsumer() {
        assertThat(bindings.getConsumerBindingNames())
                .containsExactlyInAnyOrder("registerMailbox-in-0", "relaySigned-in-0", "noteReceipts-in-0");
        assertThat(bindings.getConsumerBindings("noteReceipts-in-0")).hasSize(1);
    }
}
