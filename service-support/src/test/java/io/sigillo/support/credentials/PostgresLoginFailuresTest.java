package io.sigillo.support.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sigillo.infra.InfrastructureAvailable;
import io.sigillo.infra.MovableClock;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TestTime;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Counts in PostgreSQL, shared by every replica of a provider's services. */
@ExtendWith(InfrastructureAvailable.class)
class PostgresLoginFailuresTest extends LoginFailuresContract {

    private static final PostgresLoginFailures STORE = new PostgresLoginFailures(new DriverManagerDataSource(
            SharedTestInfrastructure.postgres().jdbcUrl("public"), SharedTestInfrastructure.postgres().username(),
            SharedTestInfrastructure.postgres().password())).migrate();

    @Override
    LoginFailures store() {
        return STORE;
    }

    @Test
    void aGuesserSpreadOverReplicasIsLockedAsIfItHitOne() {
        MovableClock clock = new MovableClock();
        clock.set(TestTime.now().truncatedTo(ChronoUnit.MICROS));
        // Two replicas of the access point, each with its own throttle, over the one database.
        LoginThrottle first = new LoginThrottle(clock, new SimpleMeterRegistry(), STORE);
        LoginThrottle second = new LoginThrottle(clock, new SimpleMeterRegistry(), STORE);
        String account = "victim-" + UUID.randomUUID() + "@pec.alpha.example";

        for (int i = 0; i < LoginThrottle.FREE_PER_ACCOUNT; i++) {
            (i % 2 == 0 ? first : second).failed(account, "198.51.100." + i);
        }
        assertThat(first.lockedFor(account, "198.51.100.99")).isEmpty();
        second.failed(account, "198.51.100.7");

        assertThat(first.lockedFor(account.toUpperCase(), "198.51.100.99")).contains(Duration.ofSeconds(1));
        first.succeeded(account);
        assertThat(second.lockedFor(account, "198.51.100.99")).isEmpty();
    }
}
