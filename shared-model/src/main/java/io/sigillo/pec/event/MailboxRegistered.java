package io.sigillo.pec.event;

import io.sigillo.pec.message.HeaderText;
import java.time.Instant;
import java.util.Objects;

/**
 * The delivery point, which owns mailboxes, announces one so the access point can authenticate its owner as a
 * sender. Published on a compacted topic keyed by address: the latest record per mailbox is its state.
 *
 * @param schemaVersion version of this record's JSON form
 * @param address       the lower-case mailbox address
 * @param passwordHash  the slow hash of the owner's password (never the password)
 * @param active        false once the mailbox is closed
 * @param registeredAt  when this state was set
 */
public record MailboxRegistered(int schemaVersion, String address, String passwordHash, boolean active,
        Instant registeredAt) {

    /** The current schema version. */
    public static final int SCHEMA_VERSION = 1;

    public MailboxRegistered {
        address = HeaderText.neutralised(Objects.requireNonNull(address, "address"));
        passwordHash = HeaderText.neutralised(Objects.requireNonNull(passwordHash, "passwordHash"));
        Objects.requireNonNull(registeredAt, "registeredAt");
    }
}
