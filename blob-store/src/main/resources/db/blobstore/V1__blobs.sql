-- Claim-check store: one row per distinct body, addressed by its SHA-256.
CREATE TABLE blobs (
    sha256     char(64)    PRIMARY KEY,
    size       bigint      NOT NULL CHECK (size >= 0),
    content    bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
