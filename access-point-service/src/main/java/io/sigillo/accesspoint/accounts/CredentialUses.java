package io.sigillo.accesspoint.accounts;

import io.sigillo.pec.event.CredentialUsed;
import io.sigillo.pec.event.Topics;
import io.sigillo.support.KeyedPublisher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells the delivery point when a mailbox's app password or client certificate opened SMTP submission or the REST
 * API here, at most once a minute per credential: clients log in every few seconds, and the owner's listing needs the
 * minute at most.
 */
@Component
public class CredentialUses {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialUses.class);
    private static final Duration EVERY = Duration.ofMinutes(1);
    /** Credentials told of, more than any provider's active clients; forgotten all at once past it. */
    private static final int REMEMBERED = 100_000;

    private final KeyedPublisher publisher;
    private final Clock clock;
    private final Map<String, Instant> told = new ConcurrentHashMap<>();

    public CredentialUses(KeyedPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    /** Notes a login of {@code mailbox} with the credential {@code id} of {@code kind}. */
    public void used(String mailbox, CredentialUsed.Kind kind, String id) {
        Instant now = clock.instant();
        String credential = mailbox + " " + id;
        Instant last = told.get(credential);
        if (last != null && last.plus(EVERY).isAfter(now)) {
            return;
        }
        if (told.size() > REMEMBERED) {
            told.clear();
        }
        told.put(credential, now);
        try {
            publisher.publish(Topics.CREDENTIAL_USED, mailbox,
                    new CredentialUsed(CredentialUsed.SCHEMA_VERSION, mailbox, kind, id, now));
        } catch (RuntimeException e) {
            // A "last used" date is not worth a refused login: the next login a minute on tells it again.
            told.remove(credential);
            LOG.warn("could not tell the delivery point that a credential of {} was used: {}", mailbox,
                    e.getMessage());
        }
    }
}
