package io.sigillo.deliverypoint;

import io.sigillo.infra.InfrastructureAvailable;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TestClock;
import io.sigillo.pec.testing.TestPki;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Runs the delivery point on a random port against the JVM's shared embedded PostgreSQL, on the tests' clock. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sigillo.admin.username=ops", "sigillo.admin.password=ops-secret-1",
        "sigillo.dovecot.auth-key=" + DeliveryPointTestSupport.DOVECOT_KEY,
        "sigillo.sessions.frontend-key=" + DeliveryPointTestSupport.FRONTEND_KEY,
        "sigillo.mail-clients.host=mail.pec.alpha.example"})
@ExtendWith(InfrastructureAvailable.class)
@Import(TestClock.class)
public abstract class DeliveryPointTestSupport {

    /** Admin credentials of the tests. */
    public static final String ADMIN = "ops";
    /** Admin password of the tests. */
    public static final String ADMIN_PASSWORD = "ops-secret-1";
    /** The secret with which the tests' Dovecot asks who may log in. */
    public static final String DOVECOT_KEY = "dovecot-test-key";
    /** The secret with which the tests' webmail names the browser's address at a login. */
    public static final String FRONTEND_KEY = "frontend-test-key";

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        SharedTestInfrastructure.register(registry, "delivery");
        registry.add("sigillo.index.path", () -> TestPki.get().dir().resolve("providers-index.ldif").toString());
        registry.add("sigillo.client-certificates.ca-path", () -> TestPki.get().clientCaPem().toString());
    }
}
