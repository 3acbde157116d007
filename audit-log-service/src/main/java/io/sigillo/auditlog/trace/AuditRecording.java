package io.sigillo.auditlog.trace;

import io.sigillo.auditlog.chain.LogChain;
import io.sigillo.pec.event.AuditEvent;
import io.sigillo.support.TransientFailures;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * Stores every audit event once, chained (binding {@code recordAudit-in-0} ← pec.audit.events, in batches): a
 * batch is one transaction, so the log costs a commit per poll rather than per event.
 */
@Configuration
public class AuditRecording {

    @Bean
    public Consumer<List<AuditEvent>> recordAudit(LogChain chain) {
        return events -> {
            try {
                chain.appendAll(events);
            } catch (RuntimeException batchFailed) {
                if (TransientFailures.isTransient(batchFailed)) {
                    // The whole batch waits, from its first event, for the failure to pass.
                    throw new BatchListenerFailedException("the log cannot be written now", batchFailed, 0);
                }
                appendOneByOne(chain, events);
            }
        };
    }

    /** Finds the event that cannot be logged: those before it are logged, it alone is retried and parked. */
    private static void appendOneByOne(LogChain chain, List<AuditEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            try {
                chain.append(events.get(i));
            } catch (RuntimeException e) {
                throw new BatchListenerFailedException("event " + events.get(i).eventId() + " cannot be logged", e,
                        i);
            }
        }
    }
}
