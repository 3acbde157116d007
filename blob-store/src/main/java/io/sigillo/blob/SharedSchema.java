package io.sigillo.blob;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A schema every service of a provider shares (the blob store's, the login failures'), with a Flyway history of its
 * own: migrated by whichever service starts, as its own role, or as an owner that then grants the service's role
 * only what it needs (ADR 0022).
 *
 * @param name       the schema
 * @param migrations where its migrations are on the class path
 */
public record SharedSchema(String name, String migrations) {

    /** Creates or upgrades the schema as the role of {@code dataSource}. */
    public void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).schemas(name).createSchemas(true).locations(migrations).load()
                .migrate();
    }

    /**
     * Creates or upgrades the schema as {@code owner}, then grants {@code role} the use of the schema and each of
     * {@code privileges} ("SELECT, INSERT ON schema.table", say), and nothing more.
     */
    public void migrate(DataSource owner, String role, String... privileges) {
        if (!role.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain role name: " + role);
        }
        migrate(owner);
        try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
            s.execute("GRANT USAGE ON SCHEMA " + name + " TO " + role);
            for (String privilege : privileges) {
                s.execute("GRANT " + privilege + " TO " + role);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot grant schema " + name + " to " + role + ": " + e.getMessage(), e);
        }
    }
}
