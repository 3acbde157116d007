package io.sigillo.accesspoint;

import io.sigillo.pec.testing.HealthProbes;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

class AccessPointApplicationTest extends AccessPointTestSupport {

    @LocalServerPort
    int port;

    @Test
    void startsAndReportsHealthyOnTheActuatorProbes() throws Exception {
        HealthProbes.assertUp(port);
    }
}
