package io.sigillo.support;

import io.sigillo.support.credentials.LoginThrottle;
import io.sigillo.support.credentials.LoginThrottleFilter;
import org.springframework.context.ApplicationContext;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * The security every Sigillo API shares: HTTP Basic, no sessions, health probes open, every other path
 * denied unless the service's rules allow it, and 401/403 as problem documents.
 */
public final class StatelessBasicAuth {

    private StatelessBasicAuth() {
    }

    /** The filter chain with the service's own authorisation rules in the middle. */
    public static SecurityFilterChain chain(HttpSecurity http, ProblemResponses problems,
            Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> rules)
            throws Exception {
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
                // Every chain counts failed logins and refuses locked ones before a password is checked.
                .addFilterBefore(new LoginThrottleFilter(http.getSharedObject(ApplicationContext.class)
                        .getBean(LoginThrottle.class), problems), BasicAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .build();
    }
}
