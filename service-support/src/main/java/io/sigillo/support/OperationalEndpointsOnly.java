package io.sigillo.support;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Security for a service without an HTTP API of its own (the receipt service, the incoming point): the health
 * probes, the Prometheus scrape and the API document open like everywhere else, any other path refused.
 */
@Configuration(proxyBeanMethods = false)
public class OperationalEndpointsOnly {

    @Bean
    SecurityFilterChain operationalEndpoints(HttpSecurity http, ProblemResponses problems) throws Exception {
        return StatelessBasicAuth.chain(http, problems, auth -> {
        });
    }

    /** Nobody can log in; without this Spring Boot would create a user with a generated password. */
    @Bean
    UserDetailsService noUsers() {
        return new InMemoryUserDetailsManager();
    }
}
