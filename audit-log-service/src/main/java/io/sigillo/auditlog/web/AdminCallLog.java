package io.sigillo.auditlog.web;

import io.sigillo.auditlog.chain.LogChain;
import io.sigillo.auditlog.signing.ProviderKey;
import io.sigillo.auditlog.trace.AuditLog;
import io.sigillo.pec.event.AuditEvent;
import io.sigillo.pec.event.AuditEventType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every call to the admin API goes into the log itself: who asked what, about which message, and the answer's
 * status. Calls about a message the log knows are logged under its identifier, so they show in its trace; a call
 * about an identifier the log knows nothing of goes under {@link #ADMIN_IDENTIFIER}, with the identifier in its
 * detail, so that staff's lookups never start a message's trace (or make one up).
 */
@Component
public class AdminCallLog implements HandlerInterceptor, WebMvcConfigurer {

    /** The identifier admin calls that concern no particular message are logged under. */
    public static final String ADMIN_IDENTIFIER = "admin-api";

    private final LogChain chain;
    private final AuditLog log;
    private final ProviderKey key;
    private final Clock clock;

    public AdminCallLog(LogChain chain, AuditLog log, ProviderKey key, Clock clock) {
        this.chain = chain;
        this.log = log;
        this.key = key;
        this.clock = clock;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/admin/**");
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception ex) {
        Principal caller = request.getUserPrincipal();
        @SuppressWarnings("unchecked")
        Map<String, String> path = (Map<String, String>) request.getAttribute(
                HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        String messageId = path == null ? null : path.get("messageId");
        String identifier = messageId != null && log.knows(messageId) ? messageId : ADMIN_IDENTIFIER;
        String query = request.getQueryString() == null ? "" : "?" + request.getQueryString();
        chain.append(new AuditEvent(AuditEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), identifier, null,
                AuditEventType.ADMIN_CALL, "admin:" + (caller == null ? "anonymous" : caller.getName()),
                key.provider().domain(), null, List.of(), null, List.of(),
                request.getMethod() + " " + request.getRequestURI() + query + " -> " + response.getStatus(),
                clock.instant()));
    }
}
