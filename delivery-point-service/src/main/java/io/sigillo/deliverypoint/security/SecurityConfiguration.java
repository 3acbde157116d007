package io.sigillo.deliverypoint.security;

import io.sigillo.deliverypoint.admin.AdminProperties;
import io.sigillo.deliverypoint.mailbox.MailboxRepository;
import io.sigillo.support.ProblemResponses;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP Basic over two kinds of principal: mailbox owners (role MAILBOX, checked against the bcrypt hash in
 * PostgreSQL) and operators (role ADMIN, from configuration). Stateless; health probes are open.
 */
@Configuration
public class SecurityConfiguration {

    /** bcrypt for new hashes; the {@code {id}} prefix lets stronger algorithms come later. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService principals(MailboxRepository mailboxes, AdminProperties admin, PasswordEncoder encoder) {
        // Hash the configured admin password once, so it is never compared in plain text.
        String adminHash = encoder.encode(admin.password());
        return username -> {
            if (username.equals(admin.username())) {
                return User.withUsername(username).password(adminHash).roles("ADMIN").build();
            }
            return mailboxes.find(username)
                    .map(m -> User.withUsername(m.address()).password(m.passwordHash()).roles("MAILBOX").build())
                    .orElseThrow(() -> new UsernameNotFoundException("no such principal"));
        };
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, ProblemResponses problems) throws Exception {
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/admin/**").hasRole("ADMIN")
                        .requestMatchers("/api/v1/mailbox/**").hasRole("MAILBOX")
                        .anyRequest().denyAll())
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .build();
    }
}
