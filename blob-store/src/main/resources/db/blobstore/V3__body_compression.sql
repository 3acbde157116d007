-- Bodies are MIME: base64 attachments, most of them compressed already, and signatures. pglz, PostgreSQL's default,
-- cost a seventh of the server's CPU under load compressing them, for about a third of their size on the benchmark's
-- messages and less on real attachments. lz4 where the server is built with it (the official images and Debian's
-- are); elsewhere bodies are stored as they are, out of line. Only values written from now on are affected.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        EXECUTE 'ALTER TABLE blobs ALTER COLUMN content SET COMPRESSION lz4';
        EXECUTE 'ALTER TABLE blob_chunks ALTER COLUMN content SET COMPRESSION lz4';
    ELSE
        ALTER TABLE blobs ALTER COLUMN content SET STORAGE EXTERNAL;
        ALTER TABLE blob_chunks ALTER COLUMN content SET STORAGE EXTERNAL;
    END IF;
END
$$;
