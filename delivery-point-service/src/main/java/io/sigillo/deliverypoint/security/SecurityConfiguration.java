package io.sigillo.deliverypoint.security;

import io.sigillo.deliverypoint.admin.AdminProperties;
import io.sigillo.deliverypoint.mailbox.MailboxRepository;
import io.sigillo.support.ProblemResponses;
import io.sigillo.support.StatelessBasicAuth;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP Basic over two kinds of principal: mailbox owners (role MAILBOX, checked against the bcrypt hash in
 * PostgreSQL) and operators (role ADMIN, from configuration). Stateless; health probes are open.
 */
@Configuration
public class SecurityConfiguration {

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
        return StatelessBasicAuth.chain(http, problems, auth -> auth
                .requestMatchers("/admin/**").hasRole("ADMIN")
                .requestMatchers("/api/v1/mailbox/**").hasRole("MAILBOX")
                // Dovecot's Lua passdb, with the shared key its requests carry, checked by DovecotLogins.
                .requestMatchers("/internal/v1/dovecot/**").permitAll());
    }
}
