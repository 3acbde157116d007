package io.sigillo.receipt;

import io.sigillo.infra.InfrastructureAvailable;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TestClock;
import io.sigillo.pec.pki.DemoPki;
import io.sigillo.pec.testing.TestPki;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Runs the receipt service against the JVM's embedded Kafka and PostgreSQL, signing with demo alpha's key, on the tests' clock. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(InfrastructureAvailable.class)
@Import(TestClock.class)
public abstract class ReceiptServiceTestSupport {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedTestInfrastructure.register(registry, "blobstore");
        registry.add("sigillo.index.path", () -> TestPki.get().dir().resolve("providers-index.ldif").toString());
        registry.add("sigillo.signing.keystore-path",
                () -> TestPki.get().dir().resolve("pec.alpha.example.p12").toString());
        registry.add("sigillo.signing.keystore-password", () -> DemoPki.DEMO_PASSWORD);
    }
}
