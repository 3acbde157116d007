package io.sigillo.blob;

import io.sigillo.pec.event.BlobRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The blob store in PostgreSQL, schema {@code blobstore}: one row per distinct body, inserted once
 * ({@code ON CONFLICT DO NOTHING}), read back only after its digest checks.
 */
public final class PostgresBlobStore implements BlobStore {

    /** The schema that holds the store's table and its own Flyway history. */
    public static final String SCHEMA = "blobstore";

    private final DataSource dataSource;

    /** A store over {@code dataSource}; call {@link #migrate()} once at start-up. */
    public PostgresBlobStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates or upgrades the store's schema; safe to call from every service that shares it. */
    public PostgresBlobStore migrate() {
        Flyway.configure().dataSource(dataSource).schemas(SCHEMA).createSchemas(true)
                .locations("classpath:db/blobstore").load().migrate();
        return this;
    }

    @Override
    public BlobRef put(byte[] content) {
        BlobRef ref = new BlobRef(Sha256.hex(content), content.length);
        insert(ref, content);
        return ref;
    }

    @Override
    public BlobRef put(InputStream content) throws IOException {
        MessageDigest sha = Sha256.digest();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (InputStream in = new DigestInputStream(content, sha)) {
            in.transferTo(buffer);
        }
        byte[] bytes = buffer.toByteArray();
        BlobRef ref = new BlobRef(HexFormat.of().formatHex(sha.digest()), bytes.length);
        insert(ref, bytes);
        return ref;
    }

    private void insert(BlobRef ref, byte[] content) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO " + SCHEMA + ".blobs (sha256, size, content) VALUES (?, ?, ?) "
                        + "ON CONFLICT (sha256) DO NOTHING")) {
            s.setString(1, ref.sha256());
            s.setLong(2, ref.size());
            s.setBytes(3, content);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("cannot store blob " + ref.sha256(), e));
        }
    }

    @Override
    public Optional<byte[]> get(BlobRef ref) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT content FROM " + SCHEMA + ".blobs WHERE sha256 = ?")) {
            s.setString(1, ref.sha256());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                byte[] content = rs.getBytes(1);
                Sha256.check(ref, content);
                return Optional.of(content);
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("cannot read blob " + ref.sha256(), e));
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
}
