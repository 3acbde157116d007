package io.sigillo.incomingpoint.smtp;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sigillo.incomingpoint.IncomingPointProperties;
import io.sigillo.infra.TestTime;
import org.junit.jupiter.api.Test;

class SmtpIncomingServerTest {

    @Test
    void requiringTlsWithoutAKeystoreStopsTheServiceFromStarting() {
        IncomingPointProperties properties = new IncomingPointProperties(new IncomingPointProperties.Smtp(true, 0,
                null, null, null, 500, null, null, true, 0, 0, 0, null, null, null), null, null);
        SmtpIncomingServer server = new SmtpIncomingServer(properties, null, null, null, TestTime.clock(),
                new SimpleMeterRegistry());

        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sigillo.incoming.smtp.require-tls")
                .hasMessageContaining("sigillo.incoming.smtp.keystore-path");
    }
}
