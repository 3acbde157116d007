package io.sigillo.deliverypoint.credentials;

import io.sigillo.deliverypoint.mailbox.MailboxRepository;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The owner's app passwords: each change is announced with the mailbox's state in the same transaction, so a
 * password the access point was not told of is not kept either (Kafka refusing rolls the change back).
 */
@Service
public class MailClientCredentials {

    private final AppPasswordStore store;
    private final MailboxRepository mailboxes;
    private final MailboxAnnouncer announcer;

    public MailClientCredentials(AppPasswordStore store, MailboxRepository mailboxes, MailboxAnnouncer announcer) {
        this.store = store;
        this.mailboxes = mailboxes;
        this.announcer = announcer;
    }

    /** A new app password named {@code name}, valid for {@code validFor} (null: until revoked). */
    @Transactional
    public Optional<AppPasswordStore.Created> create(String mailbox, String name, Duration validFor) {
        Optional<AppPasswordStore.Created> created = store.create(mailbox, name, validFor);
        created.ifPresent(c -> announce(mailbox));
        return created;
    }

    /** Revokes one; false when the mailbox has none with that id. */
    @Transactional
    public boolean revoke(String mailbox, UUID id) {
        boolean revoked = store.revoke(mailbox, id);
        if (revoked) {
            announce(mailbox);
        }
        return revoked;
    }

    private void announce(String mailbox) {
        announcer.announce(mailboxes.find(mailbox).orElseThrow());
    }
}
