package io.sigillo.incomingpoint;

import io.sigillo.pec.testing.HealthProbes;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

class IncomingPointApplicationTest extends IncomingPointTestSupport {

    @LocalServerPort
    int port;

    @Test
    void startsAndReportsHealthyOnTheActuatorProbes() throws Exception {
        HealthProbes.assertUp(port);
    }
}
