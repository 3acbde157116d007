package io.sigillo.incomingpoint;

import io.sigillo.infra.InfrastructureAvailable;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.pec.testing.TestPki;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Runs the incoming point against the JVM's embedded Kafka and PostgreSQL, trusting demo alpha and beta. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(InfrastructureAvailable.class)
public abstract class IncomingPointTestSupport {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedTestInfrastructure.register(registry, "blobstore");
        registry.add("sigillo.incoming.trust-path", () -> TestPki.get().dir().resolve("trust.pem").toString());
    }
}
