package io.sigillo.pec.event;

import io.sigillo.pec.message.HeaderText;
import java.time.Instant;
import java.util.Objects;

/**
 * The access point tells the delivery point, which owns mailboxes, that a client logged in with one of a mailbox's
 * app passwords or client certificates, so the owner's listing shows when each was last used (SMTP logins included,
 * which the delivery point does not see). Sent at most once a minute per credential, keyed by mailbox.
 *
 * @param schemaVersion version of this record's JSON form
 * @param mailbox       the mailbox logged in to
 * @param kind          which kind of credential
 * @param id            the app password's identifier, or the certificate's SHA-256 in hex
 * @param at            when
 */
public record CredentialUsed(int schemaVersion, String mailbox, Kind kind, String id, Instant at) {

    /** The current schema version. */
    public static final int SCHEMA_VERSION = 1;

    /** A mailbox's credentials for clients. */
    public enum Kind { APP_PASSWORD, CLIENT_CERTIFICATE }

    public CredentialUsed {
        mailbox = HeaderText.neutralised(Objects.requireNonNull(mailbox, "mailbox"));
        Objects.requireNonNull(kind, "kind");
        id = HeaderText.neutralised(Objects.requireNonNull(id, "id"));
        Objects.requireNonNull(at, "at");
    }
}
