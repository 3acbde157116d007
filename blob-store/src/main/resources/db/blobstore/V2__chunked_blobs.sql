-- Bodies larger than one chunk are written as numbered chunks while their digest is computed, and read back
-- chunk by chunk. Smaller bodies, and those stored before this migration whatever their size, stay inline.
CREATE TABLE blob_chunks (
    upload  uuid    NOT NULL,
    seq     integer NOT NULL CHECK (seq >= 0),
    content bytea   NOT NULL,
    PRIMARY KEY (upload, seq)
);

ALTER TABLE blobs ALTER COLUMN content DROP NOT NULL;
ALTER TABLE blobs ADD COLUMN chunks uuid;
-- NOT VALID: new rows are checked at once, without a scan of the bodies already stored under an exclusive lock.
ALTER TABLE blobs ADD CONSTRAINT blobs_inline_or_chunked CHECK ((content IS NULL) <> (chunks IS NULL)) NOT VALID;
