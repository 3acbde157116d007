-- Bodies are kept while anything references them, and at least as long as the log (30 months): then they go
-- (ADR 0024). A reference is a column named blob_sha256 in any table of the database, outside this schema: the
-- mailboxes, the relay's outbox, the log's signed messages. A service that keeps a body by another column name would
-- lose it: name such columns blob_sha256.
-- Runs as this schema's owner, so a service may forget only what this function decides, never delete a body itself.
CREATE FUNCTION forget_unreferenced(cutoff timestamptz, batch integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    unreferenced text := '';
    reference record;
    forgotten integer;
BEGIN
    FOR reference IN
        SELECT n.nspname AS holder_schema, c.relname AS holder_table
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE a.attname = 'blob_sha256' AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND n.nspname NOT IN ('blobstore', 'pg_catalog', 'information_schema')
    LOOP
        unreferenced := unreferenced || format(' AND NOT EXISTS (SELECT 1 FROM %I.%I r WHERE r.blob_sha256 = c.sha256)',
                reference.holder_schema, reference.holder_table);
    END LOOP;
    EXECUTE 'WITH gone AS (DELETE FROM blobstore.blobs b WHERE b.sha256 IN (SELECT c.sha256 FROM blobstore.blobs c '
            || 'WHERE c.created_at < $1' || unreferenced || ' LIMIT $2) RETURNING b.chunks), '
            || 'parts AS (DELETE FROM blobstore.blob_chunks k USING gone WHERE k.upload = gone.chunks) '
            || 'SELECT count(*) FROM gone'
        INTO forgotten USING cutoff, batch;
    RETURN forgotten;
END
$$;

REVOKE EXECUTE ON FUNCTION forget_unreferenced(timestamptz, integer) FROM PUBLIC;
