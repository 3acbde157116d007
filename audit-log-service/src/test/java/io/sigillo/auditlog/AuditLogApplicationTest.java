package io.sigillo.auditlog;

import io.sigillo.pec.testing.HealthProbes;
import io.sigillo.pec.testing.OpenApiDocs;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

class AuditLogApplicationTest extends AuditLogTestSupport {

    @LocalServerPort
    int port;

    @Test
    void startsAndReportsHealthyOnTheActuatorProbes() throws Exception {
        HealthProbes.assertUp(port);
    }

    @Test
    void servesTheOpenApiDocumentCheckedIntoDocs() throws Exception {
        OpenApiDocs.assertMatchesCheckedIn(port, "audit-log-service");
    }
}
