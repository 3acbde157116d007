package io.sigillo.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sigillo.infra.InfrastructureAvailable;
import io.sigillo.infra.MovableClock;
import io.sigillo.infra.PostgresAccess;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TestTime;
import io.sigillo.pec.event.BlobRef;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

@ExtendWith(InfrastructureAvailable.class)
class PostgresBlobStoreTest extends BlobStoreContract {

    private static final DataSource DATA_SOURCE = dataSource();
    private static final PostgresBlobStore STORE = new PostgresBlobStore(DATA_SOURCE, TestTime.clock()).migrate();

    private static DataSource dataSource() {
        PostgresAccess pg = SharedTestInfrastructure.postgres();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(pg.jdbcUrl("public"));
        ds.setUser(pg.username());
        ds.setPassword(pg.password());
        return ds;
    }

    @Override
    protected BlobStore store() {
        return STORE;
    }

    @Override
    protected void corrupt(BlobRef ref, byte[] content) {
        try (Connection c = DATA_SOURCE.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE blobstore.blobs SET content = ? WHERE sha256 = ?")) {
            s.setBytes(1, content);
            s.setString(2, ref.sha256());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aBodyLargerThanAChunkIsStoredAsChunksAndATamperedChunkIsRefused() throws Exception {
        byte[] body = new byte[2 * PostgresBlobStore.CHUNK + 5];
        new Random(3).nextBytes(body);
        BlobRef ref = STORE.put(body);
        assertThat(query("SELECT count(*) FROM blobstore.blob_chunks k JOIN blobstore.blobs b ON b.chunks = k.upload"
                + " WHERE b.sha256 = '" + ref.sha256() + "' AND b.content IS NULL")).isEqualTo(3);

        // One bit flipped: same length, other digest.
        query("UPDATE blobstore.blob_chunks k SET content = set_byte(k.content, 7, get_byte(k.content, 7) # 1)"
                + " FROM blobstore.blobs b WHERE b.chunks = k.upload AND b.sha256 = '" + ref.sha256() + "'"
                + " AND k.seq = 1 RETURNING 1");

        try (InputStream in = STORE.open(ref).orElseThrow()) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(BlobIntegrityException.class);
        }
        assertThatThrownBy(() -> STORE.get(ref)).isInstanceOf(BlobIntegrityException.class);
    }

    @Test
    void bodiesAreNeverCompressedWithPglz() {
        // Highly compressible, inline and chunked: PostgreSQL's default would compress both with pglz.
        byte[] inline = "Gentile destinatario, ecco l'offerta. ".repeat(2000).getBytes(StandardCharsets.US_ASCII);
        byte[] chunked = "Gentile destinatario, ecco l'offerta. ".repeat(PostgresBlobStore.CHUNK / 19)
                .getBytes(StandardCharsets.US_ASCII);
        BlobRef small = STORE.put(inline);
        BlobRef large = STORE.put(chunked);

        assertThat(query("SELECT count(*) FROM blobstore.blobs WHERE sha256 = ?"
                + " AND pg_column_compression(content) IS DISTINCT FROM 'pglz'", small.sha256())).isOne();
        assertThat(query("SELECT count(*) FROM blobstore.blob_chunks k JOIN blobstore.blobs b ON b.chunks = k.upload"
                + " WHERE b.sha256 = ? AND pg_column_compression(k.content) = 'pglz'", large.sha256())).isZero();
        assertThat(query("SELECT count(*) FROM blobstore.blob_chunks k JOIN blobstore.blobs b ON b.chunks = k.upload"
                + " WHERE b.sha256 = ?", large.sha256())).isGreaterThan(1);
    }

    @Test
    void theSameLargeBodyStoredTwiceKeepsOneSetOfChunks() throws Exception {
        byte[] body = new byte[PostgresBlobStore.CHUNK + 1];
        new Random(4).nextBytes(body);
        BlobRef ref = STORE.put(new ByteArrayInputStream(body));
        STORE.put(new ByteArrayInputStream(body));

        assertThat(query("SELECT count(*) FROM blobstore.blob_chunks WHERE content = ?",
                Arrays.copyOf(body, PostgresBlobStore.CHUNK))).isEqualTo(1);
        assertThat(STORE.get(ref).orElseThrow()).isEqualTo(body);
    }

    @Test
    void aStreamBeingReadHoldsNoConnectionBetweenItsChunks() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setDataSource(DATA_SOURCE);
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(2_000);
        byte[] body = new byte[3 * PostgresBlobStore.CHUNK];
        new Random(6).nextBytes(body);
        try (HikariDataSource one = new HikariDataSource(config)) {
            PostgresBlobStore store = new PostgresBlobStore(one, TestTime.clock());
            BlobRef ref = store.put(body);

            try (InputStream in = store.open(ref).orElseThrow()) {
                byte[] head = in.readNBytes(PostgresBlobStore.CHUNK + 10);
                assertThat(store.contains(ref)).as("the pool's one connection is free mid-stream").isTrue();
                assertThat(store.open(ref)).isPresent();
                byte[] tail = in.readAllBytes();
                assertThat(head.length + tail.length).isEqualTo(body.length);
                assertThat(Arrays.copyOfRange(body, head.length, body.length)).isEqualTo(tail);
            }
        }
    }

    @Test
    void aWriterThatFailsMidwayLeavesNoChunkAndGivesItsConnectionBack() {
        HikariConfig config = new HikariConfig();
        config.setDataSource(DATA_SOURCE);
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(2_000);
        byte[] chunk = new byte[PostgresBlobStore.CHUNK];
        new Random(7).nextBytes(chunk);
        long before = query("SELECT count(*) FROM blobstore.blob_chunks");
        try (HikariDataSource one = new HikariDataSource(config)) {
            PostgresBlobStore store = new PostgresBlobStore(one, TestTime.clock());

            assertThatThrownBy(() -> store.write(out -> {
                out.write(chunk);
                out.write(chunk);
                out.write(chunk);
                throw new IOException("the signer failed");
            })).isInstanceOf(IOException.class).hasMessage("the signer failed");

            assertThat(query("SELECT count(*) FROM blobstore.blob_chunks")).isEqualTo(before);
            assertThat(store.contains(store.put(chunk))).as("the pool's one connection is free again").isTrue();
        }
    }

    @Test
    void aBodyGoesOnceItIsOlderThanTheCutoffAndNoTableReferencesItItsChunksWithIt() throws Exception {
        PostgresBlobStore past = storingDaysAgo(1000);
        Random random = new Random(20261204);
        BlobRef kept = past.put(bytes(random, 100));
        BlobRef keptByText = past.put(bytes(random, 100));
        BlobRef forgotten = past.put(bytes(random, 100));
        BlobRef forgottenInChunks = past.put(bytes(random, PostgresBlobStore.CHUNK * 2 + 7));
        BlobRef recent = STORE.put(bytes(random, 100));
        long chunks = query("SELECT count(*) FROM blobstore.blob_chunks k JOIN blobstore.blobs b ON k.upload = b.chunks "
                + "WHERE b.sha256 = ?", forgottenInChunks.sha256());
        // A service's table that still holds one of them, as a mailbox holds its messages.
        String holder = "holder_" + Long.toHexString(random.nextLong() & Long.MAX_VALUE);
        try (Connection c = DATA_SOURCE.getConnection(); var s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + holder);
            s.execute("CREATE TABLE " + holder + ".messages (id serial PRIMARY KEY, blob_sha256 char(64) NOT NULL)");
            s.execute("INSERT INTO " + holder + ".messages (blob_sha256) VALUES ('" + kept.sha256() + "')");
            // Some services keep the digest as text, as the outbox and the log do.
            s.execute("CREATE TABLE " + holder + ".outbox (id serial PRIMARY KEY, blob_sha256 text NOT NULL)");
            s.execute("INSERT INTO " + holder + ".outbox (blob_sha256) VALUES ('" + keptByText.sha256() + "')");
        }

        int gone = STORE.forgetUnreferenced(TestTime.now().minus(Duration.ofDays(900)), 1000);

        assertThat(gone).isGreaterThanOrEqualTo(2);
        assertThat(chunks).isEqualTo(3);
        assertThat(STORE.contains(forgotten)).isFalse();
        assertThat(STORE.contains(forgottenInChunks)).isFalse();
        assertThat(query("SELECT count(*) FROM blobstore.blob_chunks k WHERE NOT EXISTS "
                + "(SELECT 1 FROM blobstore.blobs b WHERE b.chunks = k.upload)")).as("chunks left behind").isZero();
        assertThat(STORE.contains(kept)).as("still referenced").isTrue();
        assertThat(STORE.contains(keptByText)).as("still referenced").isTrue();
        assertThat(STORE.contains(recent)).as("stored after the cutoff").isTrue();
    }

    @Test
    void forgettingTakesAtMostItsBatchAtOnce() {
        PostgresBlobStore past = storingDaysAgo(1000);
        Random random = new Random(7);
        BlobRef first = past.put(bytes(random, 50));
        BlobRef second = past.put(bytes(random, 50));

        assertThat(STORE.forgetUnreferenced(TestTime.now().minus(Duration.ofDays(900)), 1)).isEqualTo(1);
        assertThat(STORE.contains(first) && STORE.contains(second)).isFalse();
        assertThat(STORE.contains(first) || STORE.contains(second)).isTrue();
        STORE.forgetUnreferenced(TestTime.now().minus(Duration.ofDays(900)), 1000);
    }

    /** The store as a service whose clock says {@code days} ago writes to it. */
    private static PostgresBlobStore storingDaysAgo(int days) {
        MovableClock then = new MovableClock();
        then.set(TestTime.now().minus(Duration.ofDays(days)));
        return new PostgresBlobStore(DATA_SOURCE, then);
    }

    private static byte[] bytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static long query(String sql, Object... parameters) {
        try (Connection c = DATA_SOURCE.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
