package io.sigillo.support;

import io.sigillo.support.certificates.ClientCertificateLogins;
import io.sigillo.support.certificates.TrustedClientCas;
import io.sigillo.support.credentials.LoginThrottle;
import io.sigillo.support.credentials.LoginThrottleFilter;
import io.sigillo.support.sessions.SessionTokens;
import java.time.Clock;
import org.springframework.context.ApplicationContext;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.AuthenticationUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * The security every Sigillo API shares: HTTP Basic, a session token (Bearer) or, where the service binds them, a
 * client certificate; no server-side sessions, health probes open, every other path denied unless the service's
 * rules allow it, and 401/403 as problem documents.
 */
public final class StatelessBasicAuth {

    /** Paths a service's own callers reach with keys of their own (Dovecot's passdb), never a session token. */
    public static final String INTERNAL_PATHS = "/internal/";

    private static final String MAILBOX_ROLE = "MAILBOX";

    private static final DefaultBearerTokenResolver BEARER = new DefaultBearerTokenResolver();

    /** A Bearer credential is a session token everywhere but on the internal paths, which check theirs themselves. */
    private static final BearerTokenResolver SESSION_TOKENS = request ->
            request.getRequestURI().startsWith(request.getContextPath() + INTERNAL_PATHS) ? null
                    : BEARER.resolve(request);

    private StatelessBasicAuth() {
    }

    /**
     * The mailbox a client certificate is bound to (the TLS handshake proved its key), with the mailbox role only:
     * the certificate stands for the password and the second factor both, as a smart card does (ADR 0028).
     */
    private static AuthenticationUserDetailsService<PreAuthenticatedAuthenticationToken> certificateHolders(
            ClientCertificateLogins certificates, UserDetailsService principals, Clock clock) {
        return token -> {
            String mailbox = certificates.mailboxOf((String) token.getPrincipal(), clock.instant())
                    .orElseThrow(() -> new UsernameNotFoundException("no mailbox is bound to this certificate"));
            UserDetails holder = principals.loadUserByUsername(mailbox);
            return User.withUsername(holder.getUsername()).password("").disabled(!holder.isEnabled())
                    .accountLocked(!holder.isAccountNonLocked()).roles(MAILBOX_ROLE).build();
        };
    }

    /** The filter chain with the service's own authorisation rules in the middle. */
    public static SecurityFilterChain chain(HttpSecurity http, ProblemResponses problems,
            Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> rules)
            throws Exception {
        ApplicationContext context = http.getSharedObject(ApplicationContext.class);
        SessionTokens tokens = context.getBean(SessionTokens.class);
        ClientCertificateLogins certificates = context.getBeanProvider(ClientCertificateLogins.class).getIfAvailable();
        if (certificates != null) {
            http.x509(x509 -> x509.x509PrincipalExtractor(TrustedClientCas::sha256)
                    .authenticationUserDetailsService(certificateHolders(certificates,
                            context.getBean(UserDetailsService.class), context.getBean(Clock.class))));
        }
        return http
                // Stateless API authenticated on every request: no cookies, so no CSRF to defend against.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> {
                    // Prometheus scrapes from inside the cluster (the NetworkPolicy keeps it there); the API's
                    // OpenAPI document is public, as frontends generate clients from it.
                    auth.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                            "/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**", "/error")
                            .permitAll();
                    rules.customize(auth);
                    auth.anyRequest().denyAll();
                })
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .oauth2ResourceServer(bearer -> bearer.authenticationEntryPoint(problems)
                        .bearerTokenResolver(SESSION_TOKENS)
                        .jwt(jwt -> jwt.decoder(tokens.decoder())
                                .jwtAuthenticationConverter(
                                        tokens.principals(context.getBean(UserDetailsService.class)))))
                // Every chain counts failed logins and refuses locked ones before a password is checked.
                .addFilterBefore(new LoginThrottleFilter(context.getBean(LoginThrottle.class), problems),
                        BasicAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .build();
    }
}
