-- Client certificates bound to mailboxes (ADR 0028): the certificate pinned by the SHA-256 of its DER encoding, with
-- what its owner's listing shows. Dovecot names a certificate by its common name only, so one common name belongs to
-- one mailbox (compared in lower case, as Dovecot lower-cases user names). Unbinding deletes the row.
CREATE TABLE client_certificates (
    sha256        char(64)    PRIMARY KEY,
    mailbox       text        NOT NULL REFERENCES mailboxes (address),
    name          text        NOT NULL,
    common_name   text        NOT NULL,
    subject       text        NOT NULL,
    issuer        text        NOT NULL,
    serial_number text        NOT NULL,
    not_after     timestamptz NOT NULL,
    pem           text        NOT NULL,
    bound_at      timestamptz NOT NULL,
    last_used_at  timestamptz
);

CREATE INDEX client_certificates_mailbox ON client_certificates (mailbox, bound_at);
CREATE INDEX client_certificates_common_name ON client_certificates (lower(common_name));
