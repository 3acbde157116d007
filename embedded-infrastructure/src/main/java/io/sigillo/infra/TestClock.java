package io.sigillo.infra;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service's clock in tests: a {@link MovableClock} on the tests' time, in place of the system clock the
 * services' shared configuration gives them. Import it from a test's Spring configuration.
 */
@Configuration(proxyBeanMethods = false)
public class TestClock {

    @Bean
    MovableClock clock() {
        return new MovableClock();
    }
}
