package io.sigillo.auditlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.pec.testing.HealthProbes;
import io.sigillo.pec.testing.OpenApiDocs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.stream.binding.BindingService;

class AuditLogApplicationTest extends AuditLogTestSupport {

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
        OpenApiDocs.assertMatchesCheckedIn(port, "audit-log-service");
    }

    @Test
    void readsItsThreeTopicsWithOneConsumer() {
        assertThat(bindings.getConsumerBindingNames()).containsExactly("recordLog-in-0");
        assertThat(bindings.getConsumerBindings("recordLog-in-0")).hasSize(1);
    }
}
