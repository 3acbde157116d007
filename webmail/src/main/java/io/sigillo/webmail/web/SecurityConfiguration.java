package io.sigillo.webmail.web;

import io.sigillo.webmail.login.LoginDetails;
import io.sigillo.webmail.login.LoginRefused;
import io.sigillo.webmail.login.MailboxOwnerLogin;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The pages' guard (ADR 0035): a cookie session after a login at the delivery point, a CSRF token in every form,
 * and headers that keep whatever a page shows from running or framing anything.
 */
@Configuration
public class SecurityConfiguration {

    /** No script, style, image or frame but the webmail's own; nothing may frame it, forms post only to it. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    /** The session attribute that refills the login form's user name after a refusal. */
    static final String LAST_USERNAME = "webmail.login.username";

    @Bean
    SecurityFilterChain pages(HttpSecurity http, MailboxOwnerLogin login) throws Exception {
        http.authorizeHttpRequests(pages -> pages
                        .requestMatchers("/accesso", "/css/**", "/favicon.ico", "/error").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .anyRequest().hasRole("MAILBOX"))
                .authenticationProvider(login)
                .formLogin(form -> form.loginPage("/accesso").loginProcessingUrl("/accesso")
                        .usernameParameter("utente").passwordParameter("password")
                        .authenticationDetailsSource(LoginDetails::new)
                        .defaultSuccessUrl("/posta", true)
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
