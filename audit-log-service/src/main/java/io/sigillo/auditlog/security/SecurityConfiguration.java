package io.sigillo.auditlog.security;

import io.sigillo.support.ProblemResponses;
import io.sigillo.support.StatelessBasicAuth;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/** The admin API answers compliance staff only (role AUDITOR, HTTP Basic); health probes are open. */
@Configuration
public class SecurityConfiguration {

    @Bean
    InMemoryUserDetailsManager auditors(AdminProperties admin, PasswordEncoder encoder) {
        return new InMemoryUserDetailsManager(User.withUsername(admin.username())
                .password(encoder.encode(admin.password())).roles("AUDITOR").build());
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, ProblemResponses problems) throws Exception {
        return StatelessBasicAuth.chain(http, problems, auth -> auth.requestMatchers("/admin/**").hasRole("AUDITOR"));
    }
}
