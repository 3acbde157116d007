package io.sigillo.incomingpoint;

import io.sigillo.infra.InfrastructureAvailable;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.pec.testing.TestPki;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Runs the incoming point of pec.alpha.example against the JVM's embedded Kafka and PostgreSQL, with the demo
 * providers' index (alpha and beta) and its SMTP server on a free port with the demo TLS key.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(InfrastructureAvailable.class)
public abstract class IncomingPointTestSupport {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedTestInfrastructure.register(registry, "blobstore");
        registry.add("sigillo.index.path", () -> TestPki.get().dir().resolve("providers-index.ldif").toString());
        registry.add("sigillo.incoming.smtp.port", () -> "0");
        registry.add("sigillo.incoming.smtp.max-message-size", () -> "2MB");
        registry.add("sigillo.incoming.smtp.keystore-path",
                () -> TestPki.get().dir().resolve("pec.alpha.example.smtp.p12").toString());
        registry.add("sigillo.incoming.smtp.keystore-password", () -> "sigillo-demo");
    }
}
