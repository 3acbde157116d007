package io.sigillo.deliverypoint.credentials;

import io.sigillo.deliverypoint.mailbox.Mailbox;
import io.sigillo.pec.event.MailboxRegistered;
import io.sigillo.pec.event.Topics;
import io.sigillo.support.KeyedPublisher;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** Announces mailboxes on the compacted {@code pec.mailbox.registered} topic for the access point. */
@Component
public class MailboxAnnouncer {

    private final KeyedPublisher publisher;
    private final AppPasswordStore appPasswords;
    private final ClientCertificateStore certificates;
    private final Clock clock;

    public MailboxAnnouncer(KeyedPublisher publisher, AppPasswordStore appPasswords,
            ClientCertificateStore certificates, Clock clock) {
        this.publisher = publisher;
        this.appPasswords = appPasswords;
        this.certificates = certificates;
        this.clock = clock;
    }

    /**
     * Publishes the mailbox's current credentials, app passwords and client certificates included; throws when Kafka
     * does not take them.
     */
    public void announce(Mailbox mailbox) {
        Instant now = clock.instant();
        MailboxRegistered event = new MailboxRegistered(MailboxRegistered.SCHEMA_VERSION, mailbox.address(),
                mailbox.passwordHash(), mailbox.active(), now, appPasswords.forLogins(mailbox.address()), mailbox.twoFactor(),
                certificates.forLogins(mailbox.address(), now));
        publisher.publish(Topics.MAILBOX_REGISTERED, mailbox.address(), event);
    }
}
