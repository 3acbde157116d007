package io.sigillo.pec.event;

import io.sigillo.pec.message.HeaderText;
import java.time.Instant;
import java.util.List;
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
 * @param appPasswords  the owner's app passwords for mail clients, revoked ones gone (none before version 2)
 * @param twoFactor     true once the owner logs in with a second factor: mail clients must then use an app
 *                      password, the main one alone no longer opens the mailbox to them
 * @param clientCertificates the client certificates bound to the mailbox, which open it on the TLS ports and the
 *                      REST API (none before version 3)
 */
public record MailboxRegistered(int schemaVersion, String address, String passwordHash, boolean active,
        Instant registeredAt, List<AppPassword> appPasswords, boolean twoFactor,
        List<ClientCertificate> clientCertificates) {

    /** The current schema version. */
    public static final int SCHEMA_VERSION = 3;

    public MailboxRegistered {
        address = HeaderText.neutralised(Objects.requireNonNull(address, "address"));
        passwordHash = HeaderText.neutralised(Objects.requireNonNull(passwordHash, "passwordHash"));
        Objects.requireNonNull(registeredAt, "registeredAt");
        appPasswords = appPasswords == null ? List.of() : List.copyOf(appPasswords);
        clientCertificates = clientCertificates == null ? List.of() : List.copyOf(clientCertificates);
    }

    /** A mailbox with its main password only. */
    public MailboxRegistered(int schemaVersion, String address, String passwordHash, boolean active,
            Instant registeredAt) {
        this(schemaVersion, address, passwordHash, active, registeredAt, List.of(), false, List.of());
    }

    /** A mailbox with its main password, app passwords and second factor, and no client certificate. */
    public MailboxRegistered(int schemaVersion, String address, String passwordHash, boolean active,
            Instant registeredAt, List<AppPassword> appPasswords, boolean twoFactor) {
        this(schemaVersion, address, passwordHash, active, registeredAt, appPasswords, twoFactor, List.of());
    }

    /**
     * An app password as the services that check logins need it.
     *
     * @param id        its identifier, as the owner's listing shows it
     * @param sha256    the SHA-256 of the secret, in hex (the secret is random: a fast hash is enough)
     * @param expiresAt when it stops working, or null for never
     */
    public record AppPassword(String id, String sha256, Instant expiresAt) {

        public AppPassword {
            id = HeaderText.neutralised(Objects.requireNonNull(id, "id"));
            if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("an app password's sha256 is 64 lower-case hex digits");
            }
        }
    }

    /**
     * A client certificate bound to the mailbox, as the services that check logins need it.
     *
     * @param sha256    the SHA-256 of the certificate's DER encoding, in hex: the login pins this certificate
     * @param expiresAt when the certificate stops being valid (its notAfter)
     */
    public record ClientCertificate(String sha256, Instant expiresAt) {

        public ClientCertificate {
            if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("a client certificate's sha256 is 64 lower-case hex digits");
            }
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }
}
