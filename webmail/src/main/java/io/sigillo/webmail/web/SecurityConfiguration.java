package io.sigillo.webmail.web;

import io.sigillo.webmail.login.LoginDetails;
import io.sigillo.webmail.login.LoginRefused;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The pages' guard (ADR 0035): a cookie session after a login at the delivery point (the console's: at the services
 * that hold staff accounts, ADR 0036), a CSRF token in every form, and headers that keep whatever a page shows from
 * running or framing anything.
 */
@Configuration
public class SecurityConfiguration {

    /** No script, style, image or frame but the webmail's own; nothing may frame it, forms post only to it. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    /** The session attribute that refills the login form's user name after a refusal. */
    static final String LAST_USERNAME = "webmail.login.username";

    /**
     * The owners' pages need a mailbox's session; the console's (ADR 0036) the roles each page's service grants:
     * the log's pages compliance staff, its verification the log's operators too.
     */
    @Bean
    SecurityFilterChain pages(HttpSecurity http, AuthenticationProvider login,
            @Value("${" + ConsoleSide.PROPERTY + ":false}") boolean console) throws Exception {
        http.authorizeHttpRequests(pages -> {
                    pages.requestMatchers("/accesso", "/css/**", "/favicon.ico", "/error").permitAll()
                            .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll();
                    if (console) {
                        pages.requestMatchers("/registro", "/registro/**").hasRole("COMPLIANCE")
                                .requestMatchers("/caselle", "/caselle/**", "/inoltro", "/scarti").hasRole("ADMIN")
                                .requestMatchers("/verifica").hasAnyRole("COMPLIANCE", "OPERATOR")
                                .anyRequest().hasAnyRole("COMPLIANCE", "OPERATOR", "ADMIN");
                    } else {
                        pages.anyRequest().hasRole("MAILBOX");
                    }
                })
                // This manager alone: the global one Spring Boot makes from the same provider bean would be asked
                // again after each refusal, and every failed login would count twice in the services' throttles.
                .authenticationManager(new ProviderManager(login))
                .formLogin(form -> form.loginPage("/accesso").loginProcessingUrl("/accesso")
                        .usernameParameter("utente").passwordParameter("password")
                        .authenticationDetailsSource(LoginDetails::new)
                        .defaultSuccessUrl(console ? "/" : "/posta", true)
                        .failureHandler(refusal()))
                .logout(logout -> logout.logoutUrl("/esci").logoutSuccessUrl("/accesso?uscita"))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(
                                ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
        return http.build();
    }

    /** Back to the form, saying why in words; the user name typed comes back, the password never. */
    private static AuthenticationFailureHandler refusal() {
        return (request, response, exception) -> {
            LoginRefused refused = exception instanceof LoginRefused r ? r : null;
            LoginRefused.Reason reason = refused == null ? LoginRefused.Reason.CREDENTIALS : refused.reason();
            HttpSession session = request.getSession();
            session.setAttribute(LAST_USERNAME, request.getParameter("utente"));
            String target = "/accesso?errore=" + reason.name().toLowerCase(Locale.ROOT);
            if (refused != null && refused.retryAfter() != null) {
                target += "&attesa=" + Math.max(1, refused.retryAfter().plus(Duration.ofSeconds(59)).toMinutes());
            }
            response.sendRedirect(request.getContextPath() + target);
        };
    }
}
