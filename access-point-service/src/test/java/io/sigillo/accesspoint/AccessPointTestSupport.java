package io.sigillo.accesspoint;

import io.sigillo.infra.InfrastructureAvailable;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.pec.testing.TestPki;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Runs the access point against the JVM's embedded Kafka and PostgreSQL, with a 1 MB limit. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sigillo.submission.max-size=1MB")
@ExtendWith(InfrastructureAvailable.class)
public abstract class AccessPointTestSupport {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedTestInfrastructure.register(registry, "access");
        registry.add("sigillo.index.path", () -> TestPki.get().dir().resolve("providers-index.ldif").toString());
    }
}
