package io.sigillo.auditlog.security;

import io.sigillo.support.ProblemResponses;
import io.sigillo.support.StatelessBasicAuth;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The admin API answers compliance staff (and operators, for log verification) over HTTP Basic or a session token
 * from {@code POST /admin/v1/sessions}; with a second factor configured, only the token (ADR 0036). Probes are open.
 */
@Configuration
public class SecurityConfiguration {

    @Bean
    InMemoryUserDetailsManager adminUsers(AdminProperties admin, PasswordEncoder encoder) {
        // With two-factor login on, the password alone is refused as expired credentials, as at the delivery point.
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(User.withUsername(admin.username())
                .password(encoder.encode(admin.password())).roles("COMPLIANCE")
                .credentialsExpired(admin.totpSecretOf(admin.username()) != null).build());
        AdminProperties.Operator operator = admin.operator();
        if (operator != null && operator.present()) {
            users.createUser(User.withUsername(operator.username()).password(encoder.encode(operator.password()))
                    .roles("OPERATOR").credentialsExpired(admin.totpSecretOf(operator.username()) != null).build());
        }
        return users;
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, ProblemResponses problems) throws Exception {
        return StatelessBasicAuth.chain(http, problems, auth -> auth
                .requestMatchers(HttpMethod.POST, "/admin/v1/sessions").permitAll()
                .requestMatchers("/admin/v1/log/verify", "/admin/v1/certificates").hasAnyRole("COMPLIANCE", "OPERATOR")
                .requestMatchers("/admin/**").hasRole("COMPLIANCE"));
    }
}
