package io.sigillo.auditlog;

import io.sigillo.infra.InfrastructureAvailable;
import io.sigillo.infra.PostgresAccess;
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

    /** The role the service runs as in these tests; the owner is the embedded server's superuser. */
    protected static final String WRITER_ROLE = "sigillo_audit_log";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SharedTestInfrastructure.register(registry, "audit");
        // As in production (ADR 0022): Flyway migrates as the owner, the service runs as a role that may only read
        // and append to the log.
        PostgresAccess owner = SharedTestInfrastructure.postgres();
        PostgresAccess writer = owner.role(WRITER_ROLE, "audit-log-secret");
        registry.add("spring.flyway.user", owner::username);
        registry.add("spring.flyway.password", owner::password);
        registry.add("spring.datasource.username", writer::username);
        registry.add("spring.datasource.password", writer::password);
        registry.add("sigillo.signing.keystore-path",
                () -> TestPki.get().dir().resolve("pec.alpha.example.p12").toString());
        registry.add("sigillo.signing.keystore-password", () -> "sigillo-demo");
    }
}
