package io.sigillo.deliverypoint.admin;

import io.sigillo.deliverypoint.mailbox.Mailbox;
import io.sigillo.pec.event.MailboxRegistered;
import io.sigillo.support.KeyedPublisher;
import java.time.Clock;
import org.springframework.stereotype.Component;

/** Announces mailboxes on the compacted {@code pec.mailbox.registered} topic for the access point. */
@Component
public class MailboxAnnouncer {

    private static final String BINDING = "mailboxRegistered-out-0";

    private final KeyedPublisher publisher;
    private final Clock clock;

    public MailboxAnnouncer(KeyedPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    /** Publishes the mailbox's current credentials; throws when Kafka does not take them. */
    public void announce(Mailbox mailbox) {
        MailboxRegistered event = new MailboxRegistered(MailboxRegistered.SCHEMA_VERSION, mailbox.address(),
                mailbox.passwordHash(), true, clock.instant());
        publisher.publish(BINDING, mailbox.address(), event);
    }
}
