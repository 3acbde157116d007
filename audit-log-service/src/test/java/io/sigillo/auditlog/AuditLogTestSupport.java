package io.sigillo.auditlog;

import io.sigillo.infra.InfrastructureAvailable;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.pec.testing.TestPki;
import io.sigillo.infra.TestClock;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Runs the audit log against the JVM's embedded Kafka and PostgreSQL, sealing with demo alpha's key, on a clock
 * tests may set.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sigillo.admin.username=compliance", "sigillo.admin.password=compliance-secret",
        "sigillo.admin.operator.username=operator", "sigillo.admin.operator.password=operator-secret"})
@ExtendWith(InfrastructureAvailable.class)
@Import(TestClock.class)
public abstract class AuditLogTestSupport {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedTestInfrastructure.register(registry, "audit");
        registry.add("sigillo.signing.keystore-path",
                () -> TestPki.get().dir().resolve("pec.alpha.example.p12").toString());
        registry.add("sigillo.signing.keystore-password", () -> "sigillo-demo");
    }
}
