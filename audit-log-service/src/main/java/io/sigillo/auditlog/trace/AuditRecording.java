package io.sigillo.auditlog.trace;

import io.sigillo.auditlog.chain.LogChain;
import io.sigillo.pec.event.AuditEvent;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Stores every audit event once, chained (binding {@code recordAudit-in-0} ← pec.audit.events). */
@Configuration
public class AuditRecording {

    @Bean
    public Consumer<AuditEvent> recordAudit(LogChain chain) {
        return chain::append;
    }
}
