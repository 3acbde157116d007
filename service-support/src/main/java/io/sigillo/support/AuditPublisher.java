package io.sigillo.support;

import io.sigillo.pec.event.AuditEvent;
import io.sigillo.pec.event.AuditEventType;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.message.MessageFacts;
import java.time.Instant;
import java.util.List;

/** Publishes a service's steps to the provider's log, naming the service as the actor. */
public class AuditPublisher {

    private final KeyedPublisher publisher;
    private final String actor;

    public AuditPublisher(KeyedPublisher publisher, String actor) {
        this.publisher = publisher;
        this.actor = actor;
    }

    /** Records that {@code type} happened to the message of {@code facts}. */
    public void record(AuditEventType type, String provider, MessageFacts facts, String detail, Instant at) {
        record(type, provider, facts, List.of(), detail, at);
    }

    /** Records a step known only by the message's identifier (the relay and timers do not hold its facts). */
    public void recordStep(AuditEventType type, String provider, String identifier, List<String> recipients,
            List<String> issued, String detail, Instant at) {
        AuditEvent event = new AuditEvent(AuditEvent.SCHEMA_VERSION,
                AuditEvent.stepId(identifier, type, actor, provider, recipients, issued, detail), identifier, null,
                type, actor, provider, null, recipients, null, issued, detail, at);
        publish(event);
    }

    /**
     * Records a step {@code actor} took and announced on Kafka, as this service consumes the announcement: the step
     * is logged exactly when its announcement exists, under the id {@code actor} itself would have given it.
     */
    public void recordFor(String actor, AuditEventType type, String provider, MessageFacts facts, String detail,
            Instant at) {
        publish(AuditEvent.about(facts, type, actor, provider, List.of(), detail, at));
    }

    /** Records a step that issued the given messages. */
    public void record(AuditEventType type, String provider, MessageFacts facts, List<String> issued, String detail,
            Instant at) {
        publish(AuditEvent.about(facts, type, actor, provider, issued, detail, at));
    }

    private void publish(AuditEvent event) {
        publisher.publish(Topics.AUDIT_EVENTS, event.identifier(), event);
    }
}
