package io.sigillo.blob;

import io.sigillo.infra.InfrastructureAvailable;
import io.sigillo.infra.PostgresAccess;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.pec.event.BlobRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

@ExtendWith(InfrastructureAvailable.class)
class PostgresBlobStoreTest extends BlobStoreContract {

    private static final DataSource DATA_SOURCE = dataSource();
    private static final PostgresBlobStore STORE = new PostgresBlobStore(DATA_SOURCE).migrate();

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
}
