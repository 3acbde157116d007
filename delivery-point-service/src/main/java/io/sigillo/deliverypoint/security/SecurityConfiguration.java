package io.sigillo.deliverypoint.security;

import io.sigillo.deliverypoint.admin.AdminProperties;
import io.sigillo.deliverypoint.mailbox.MailboxRepository;
import io.sigillo.support.ProblemResponses;
import io.sigillo.support.StatelessBasicAuth;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP Basic or a session token over two kinds of principal: mailbox owners (role MAILBOX, checked against the bcrypt
 * hash in PostgreSQL) and operators (role ADMIN, from configuration). Stateless; health probes, the login for a
 * session token and mail clients' setup documents are open.
 */
@Configuration
public class SecurityConfiguration {

    @Bean
    UserDetailsService principals(MailboxRepository mailboxes, AdminProperties admin, PasswordEncoder encoder) {
        // Hash the configured admin password once, so it is never compared in plain text.
        String adminHash = encoder.encode(admin.password());
        return username -> {
            // With two-factor login on, the password alone is refused (as expired, which Spring Security says only
            // after checking it): such an account logs in at /api/v1/sessions and sends its token.
            if (username.equals(admin.username())) {
                return User.withUsername(username).password(adminHash).roles("ADMIN")
                        .credentialsExpired(admin.twoFactor()).build();
            }
            return mailboxes.find(username)
                    .map(m -> User.withUsername(m.address()).password(m.passwordHash()).roles("MAILBOX")
                            .credentialsExpired(m.twoFactor()).disabled(!m.active()).build())
                    .orElseThrow(() -> new UsernameNotFoundException("no such principal"));
        };
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, ProblemResponses problems) throws Exception {
        return StatelessBasicAuth.chain(http, problems, auth -> auth
                .requestMatchers(HttpMethod.POST, "/api/v1/sessions").permitAll()
                // Mail clients' setup documents: servers and ports, asked for before any login.
                .requestMatchers("/mail/config-v1.1.xml", "/.well-known/autoconfig/mail/config-v1.1.xml",
                        "/autodiscover/autodiscover.xml", "/Autodiscover/Autodiscover.xml", "/apple/mail.mobileconfig")
                .permitAll()
                .requestMatchers("/admin/**").hasRole("ADMIN")
                .requestMatchers("/api/v1/mailbox/**").hasRole("MAILBOX")
                // Dovecot's Lua passdb, with the shared key its requests carry, checked by DovecotLogins.
                .requestMatchers("/internal/v1/dovecot/**").permitAll());
    }
}
