package io.sigillo.deliverypoint.credentials;

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
    private final AppPasswordStore appPasswords;
    private final Clock clock;

    public MailboxAnnouncer(KeyedPublisher publisher, AppPasswordStore appPasswords, Clock clock) {
        this.publisher = publisher;
        this.appPasswords = appPasswords;
        this.clock = clock;
    }

    /** Publishes the mailbox's current credentials, app passwords included; throws when Kafka does not take them. */
    public void announce(Mailbox mailbox) {
        MailboxRegistered event = new MailboxRegistered(MailboxRegistered.SCHEMA_VERSION, mailbox.address(),
                mailbox.passwordHash(), true, clock.instant(), appPasswords.forLogins(mailbox.address()), mailbox.twoFactor());
        publisher.publish(BINDING, mailbox.address(), event);
    }
}
