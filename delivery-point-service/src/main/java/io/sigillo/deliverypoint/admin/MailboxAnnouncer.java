package io.sigillo.deliverypoint.admin;

import io.sigillo.deliverypoint.mailbox.Mailbox;
import io.sigillo.pec.event.MailboxRegistered;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/** Announces mailboxes on the compacted {@code pec.mailbox.registered} topic for the access point. */
@Component
public class MailboxAnnouncer {

    private static final String BINDING = "mailboxRegistered-out-0";

    private final StreamBridge bridge;
    private final Clock clock;

    public MailboxAnnouncer(StreamBridge bridge, Clock clock) {
        this.bridge = bridge;
        this.clock = clock;
    }

    /** Publishes the mailbox's current credentials; throws when Kafka does not take them. */
    public void announce(Mailbox mailbox) {
        MailboxRegistered event = new MailboxRegistered(MailboxRegistered.SCHEMA_VERSION, mailbox.address(),
                mailbox.passwordHash(), true, clock.instant());
        if (!bridge.send(BINDING, MessageBuilder.withPayload(event)
                .setHeader(KafkaHeaders.KEY, mailbox.address().getBytes(StandardCharsets.UTF_8)).build())) {
            throw new IllegalStateException("could not announce mailbox " + mailbox.address());
        }
    }
}
