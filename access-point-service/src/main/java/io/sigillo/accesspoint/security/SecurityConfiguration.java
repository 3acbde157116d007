package io.sigillo.accesspoint.security;

import io.sigillo.accesspoint.accounts.Accounts;
import io.sigillo.accesspoint.accounts.CredentialUses;
import io.sigillo.accesspoint.admin.AdminProperties;
import io.sigillo.pec.event.CredentialUsed;
import io.sigillo.support.ProblemResponses;
import io.sigillo.support.certificates.ClientCertificateLogins;
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
 * Senders authenticate as their mailbox (role MAILBOX, as in the delivery point's session tokens) with HTTP Basic
 * or a session token; with two-factor login on, only with the token; or with a client certificate bound to the
 * mailbox. Stateless; health probes are open.
 */
@Configuration
public class SecurityConfiguration {

    /**
     * Senders, and the delivery point's provisioning operator when configured here (ADR 0036), who reads the relay's
     * queue with the delivery point's session token or, without a second factor, the password.
     */
    @Bean
    UserDetailsService senders(Accounts accounts, AdminProperties admin, PasswordEncoder encoder) {
        // Hashed once, so that the configured password is never compared in plain text.
        String adminHash = admin.present() ? encoder.encode(admin.password()) : null;
        return username -> {
            if (adminHash != null && username.equals(admin.username())) {
                return User.withUsername(username).password(adminHash).roles("ADMIN")
                        .credentialsExpired(admin.twoFactor()).build();
            }
            return accounts.find(username)
                    .map(a -> User.withUsername(a.address()).password(a.passwordHash()).disabled(!a.active())
                            .credentialsExpired(a.twoFactor()).roles("MAILBOX").build())
                    .orElseThrow(() -> new UsernameNotFoundException("no such sender"));
        };
    }

    /** Which sender a client certificate on the REST API's certificate port logs in as (ADR 0028). */
    @Bean
    ClientCertificateLogins certificateHolders(Accounts accounts, CredentialUses uses) {
        return (sha256, now) -> accounts.findByCertificate(sha256, now).map(account -> {
            uses.used(account.address(), CredentialUsed.Kind.CLIENT_CERTIFICATE, sha256);
            return account.address();
        });
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, ProblemResponses problems) throws Exception {
        return StatelessBasicAuth.chain(http, problems,
                auth -> auth.requestMatchers("/api/v1/messages", "/api/v1/messages/**").hasRole("MAILBOX")
                        .requestMatchers("/admin/v1/relay").hasRole("ADMIN"));
    }
}
