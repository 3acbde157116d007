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

/** The admin API answers compliance staff (and operators, for log verification) over HTTP Basic; probes are open. */
@Configuration
public class SecurityConfiguration {

    @Bean
    InMemoryUserDetailsManager adminUsers(AdminProperties admin, PasswordEncoder encoder) {
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(User.withUsername(admin.username())
                .password(encoder.encode(admin.password())).roles("COMPLIANCE").build());
        AdminProperties.Operator operator = admin.operator();
        if (operator != null && operator.username() != null && !operator.username().isBlank()) {
            users.createUser(User.withUsername(operator.username()).password(encoder.encode(operator.password()))
                    .roles("OPERATOR").build());
        }
        return users;
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, ProblemResponses problems) throws Exception {
        return StatelessBasicAuth.chain(http, problems, auth -> auth
                .requestMatchers("/admin/v1/log/verify").hasAnyRole("COMPLIANCE", "OPERATOR")
                .requestMatchers("/admin/**").hasRole("COMPLIANCE"));
    }
}
