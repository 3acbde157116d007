package io.sigillo.auditlog;

import io.sigillo.infra.MovableClock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The service's clock in tests: one tests can move. */
@TestConfiguration(proxyBeanMethods = false)
public class TestClock {

    @Bean
    MovableClock clock() {
        return new MovableClock();
    }
}
