package io.sigillo.auditlog.trace;

import io.sigillo.auditlog.chain.LogChain;
import io.sigillo.pec.event.AuditEvent;
import io.sigillo.support.BatchConsumption;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Stores every audit event once, chained (binding {@code recordAudit-in-0} ← pec.audit.events, in batches): a
 * batch is one transaction, so the log costs a commit per poll rather than per event.
 */
@Configuration
public class AuditRecording {

    @Bean
    public Consumer<List<AuditEvent>> recordAudit(LogChain chain) {
        return events -> BatchConsumption.write(events, chain::appendAll, chain::append,
                event -> "event " + event.eventId());
    }
}
