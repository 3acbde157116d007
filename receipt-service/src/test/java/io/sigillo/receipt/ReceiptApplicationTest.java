package io.sigillo.receipt;

import io.sigillo.pec.testing.HealthProbes;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

class ReceiptApplicationTest extends ReceiptServiceTestSupport {

    @LocalServerPort
    int port;

    @Test
    void startsAndReportsHealthyOnTheActuatorProbes() throws Exception {
        HealthProbes.assertUp(port);
    }
}
