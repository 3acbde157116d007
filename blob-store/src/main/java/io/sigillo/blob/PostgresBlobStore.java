package io.sigillo.blob;

import io.sigillo.pec.event.BlobRef;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The blob store in PostgreSQL, schema {@code blobstore}: one row per distinct body, inserted once
 * ({@code ON CONFLICT DO NOTHING}), read back only after its digest checks. A body larger than {@link #CHUNK} is
 * kept as numbered chunks: written from a stream or a writer while its digest is computed, and read through
 * {@link #open} one chunk at a time, each with its own short query, so a reader never holds more than a chunk of
 * it, nor a connection between two chunks (a slow download cannot starve the pool).
 */
public final class PostgresBlobStore implements BlobStore {

    /** The schema that holds the store's table and its own Flyway history. */
    public static final String SCHEMA = "blobstore";

    private static final SharedSchema MIGRATIONS = new SharedSchema(SCHEMA, "classpath:db/blobstore");

    /** The largest body kept inline in its row, and the size of each chunk of a larger one. */
    static final int CHUNK = 256 * 1024;

    private final DataSource dataSource;
    private final Clock clock;

    /**
     * A store over {@code dataSource} that dates each body by {@code clock} (ADR 0010); call {@link #migrate()} once
     * at start-up.
     */
    public PostgresBlobStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Creates or upgrades the store's schema; safe to call from every service that shares it. */
    public PostgresBlobStore migrate() {
        MIGRATIONS.migrate(dataSource);
        return this;
    }

    /**
     * Migrates the schema as {@code owner} and lets {@code role}, which this store's connections use, read and add
     * bodies, and forget those nothing references (ADR 0024), and nothing more: the blob store never changes or
     * deletes a body in place.
     */
    public PostgresBlobStore migrate(DataSource owner, String role) {
        MIGRATIONS.migrate(owner, role, "SELECT, INSERT ON " + SCHEMA + ".blobs, " + SCHEMA + ".blob_chunks",
                "EXECUTE ON FUNCTION " + SCHEMA + ".forget_unreferenced(timestamptz, integer)");
        return this;
    }

    @Override
    public BlobRef put(byte[] content) {
        BlobRef ref = new BlobRef(Sha256.hex(content), content.length);
        if (content.length <= CHUNK) {
            insertInline(ref, content);
        } else if (!contains(ref)) {
            // A redelivered large body (the usual case of a second put) is not written again.
            try {
                store(out -> out.write(content), ref);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ref;
    }

    @Override
    public BlobRef put(InputStream content) throws IOException {
        return write(content::transferTo);
    }

    @Override
    public BlobRef write(Content content) throws IOException {
        return store(content, null);
    }

    /** Stores what {@code content} writes; its digest is computed on the way unless already {@code known}. */
    private BlobRef store(Content content, BlobRef known) throws IOException {
        ChunkWriter out = new ChunkWriter(known);
        try {
            content.writeTo(out);
            return out.finish();
        } finally {
            out.abandon();
        }
    }

    private void insertInline(BlobRef ref, byte[] content) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO " + SCHEMA + ".blobs (sha256, size, content, created_at) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (sha256) DO NOTHING")) {
            s.setString(1, ref.sha256());
            s.setLong(2, ref.size());
            s.setBytes(3, content);
            s.setTimestamp(4, Timestamp.from(clock.instant()));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("cannot store blob " + ref.sha256(), e));
        }
    }

    /**
     * Takes a body as it is written. Up to {@link #CHUNK} bytes stay in memory and are stored inline; from the first
     * byte past it, every full chunk is written under a fresh upload id in one transaction, and the row that names
     * them last; a body already stored (the row exists) rolls its chunks back. So a writer holds at most one chunk.
     */
    private final class ChunkWriter extends OutputStream {

        private final BlobRef known;
        private final MessageDigest sha;
        private final UUID upload = UUID.randomUUID();
        private byte[] chunk = new byte[16 * 1024];
        private int filled;
        private long size;
        private int seq;
        private Connection connection;
        private PreparedStatement insert;

        ChunkWriter(BlobRef known) {
            this.known = known;
            this.sha = known == null ? Sha256.digest() : null;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int offset, int length) throws IOException {
            while (length > 0) {
                if (filled == CHUNK) {
                    storeChunk();
                }
                if (filled + length > chunk.length && chunk.length < CHUNK) {
                    chunk = Arrays.copyOf(chunk, Math.min(CHUNK, Math.max(chunk.length * 2, filled + length)));
                }
                int n = Math.min(length, chunk.length - filled);
                System.arraycopy(b, offset, chunk, filled, n);
                filled += n;
                offset += n;
                length -= n;
            }
        }

        private void storeChunk() throws IOException {
            try {
                if (connection == null) {
                    connection = dataSource.getConnection();
                    connection.setAutoCommit(false);
                    insert = connection.prepareStatement(
                            "INSERT INTO " + SCHEMA + ".blob_chunks (upload, seq, content) VALUES (?, ?, ?)");
                }
                byte[] bytes = filled == chunk.length ? chunk : Arrays.copyOf(chunk, filled);
                if (sha != null) {
                    sha.update(bytes);
                }
                size += bytes.length;
                insert.setObject(1, upload);
                insert.setInt(2, seq++);
                insert.setBytes(3, bytes);
                insert.executeUpdate();
                filled = 0;
            } catch (SQLException e) {
                throw new IOException("cannot store chunk " + seq + " of upload " + upload, e);
            }
        }

        BlobRef finish() throws IOException {
            if (connection == null) {
                byte[] content = Arrays.copyOf(chunk, filled);
                BlobRef ref = known != null ? known : new BlobRef(Sha256.hex(content), content.length);
                insertInline(ref, content);
                return ref;
            }
            if (filled > 0) {
                storeChunk();
            }
            BlobRef ref = known != null ? known : new BlobRef(Sha256.hex(sha), size);
            try (PreparedStatement row = connection.prepareStatement("INSERT INTO " + SCHEMA
                    + ".blobs (sha256, size, chunks, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING")) {
                row.setString(1, ref.sha256());
                row.setLong(2, ref.size());
                row.setObject(3, upload);
                row.setTimestamp(4, Timestamp.from(clock.instant()));
                if (row.executeUpdate() == 0) {
                    connection.rollback();
                } else {
                    connection.commit();
                }
                return ref;
            } catch (SQLException e) {
                throw new IOException("cannot store the chunked blob " + ref.sha256(), e);
            }
        }

        /** Rolls back what was not committed and gives the connection back; does nothing after a commit. */
        void abandon() {
            if (connection == null) {
                return;
            }
            try (Connection c = connection) {
                c.rollback();
            } catch (SQLException e) {
                // The connection is going back to the pool or is broken already: its transaction ends either way.
            }
            connection = null;
        }
    }

    @Override
    public Optional<byte[]> get(BlobRef ref) {
        Optional<Stored> stored = find(ref);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        if (stored.get().inline() != null) {
            Sha256.check(ref, stored.get().inline());
            return stored.map(Stored::inline);
        }
        try (InputStream in = new CheckedBlobStream(ref, new ChunkStream(stored.get().chunks()))) {
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot read blob " + ref.sha256(), e));
        }
    }

    @Override
    public Optional<InputStream> open(BlobRef ref) {
        return find(ref).map(stored -> new CheckedBlobStream(ref, stored.inline() != null
                ? new ByteArrayInputStream(stored.inline()) : new ChunkStream(stored.chunks())));
    }

    /** A body's row: its bytes when inline, else the upload id of its chunks. */
    private record Stored(byte[] inline, UUID chunks) {
    }

    private Optional<Stored> find(BlobRef ref) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT content, chunks FROM " + SCHEMA + ".blobs WHERE sha256 = ?")) {
            s.setString(1, ref.sha256());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Stored(rs.getBytes(1), rs.getObject(2, UUID.class)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("cannot read blob " + ref.sha256(), e));
        }
    }

    /**
     * Removes up to {@code limit} bodies stored before {@code cutoff} that no {@code blob_sha256} column of the
     * database references (ADR 0024); returns how many went.
     */
    @Override
    public int forgetUnreferenced(Instant cutoff, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT " + SCHEMA + ".forget_unreferenced(?, ?)")) {
            s.setTimestamp(1, Timestamp.from(cutoff));
            s.setInt(2, limit);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot forget unreferenced blobs: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean contains(BlobRef ref) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT 1 FROM " + SCHEMA + ".blobs WHERE sha256 = ?")) {
            s.setString(1, ref.sha256());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("cannot look up blob " + ref.sha256(), e));
        }
    }

    /** The chunks of one body in order, each fetched with its own query when the reader reaches it. */
    private final class ChunkStream extends InputStream {

        private final UUID upload;
        private int next;
        private byte[] chunk = new byte[0];
        private int position;
        private boolean done;

        ChunkStream(UUID upload) {
            this.upload = upload;
        }

        @Override
        public int read() throws IOException {
            return available() > 0 || nextChunk() ? chunk[position++] & 0xff : -1;
        }

        @Override
        public int available() {
            return chunk.length - position;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (available() == 0 && !nextChunk()) {
                return -1;
            }
            int n = Math.min(length, available());
            System.arraycopy(chunk, position, buffer, offset, n);
            position += n;
            return n;
        }

        /** Fetches the next chunk (none is empty); false at the end. */
        private boolean nextChunk() throws IOException {
            if (done) {
                return false;
            }
            try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                    "SELECT content FROM " + SCHEMA + ".blob_chunks WHERE upload = ? AND seq = ?")) {
                s.setObject(1, upload);
                s.setInt(2, next);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        done = true;
                        return false;
                    }
                    chunk = rs.getBytes(1);
                    position = 0;
                    next++;
                    return true;
                }
            } catch (SQLException e) {
                throw new IOException("cannot read chunk " + next + " of upload " + upload, e);
            }
        }
    }
}
