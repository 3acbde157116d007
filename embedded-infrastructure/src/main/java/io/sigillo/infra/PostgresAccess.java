package io.sigillo.infra;

/** How tests and the local run reach a PostgreSQL server, embedded or in a container. */
public interface PostgresAccess {

    /** JDBC URL of the Sigillo database with {@code schema} as the current schema. */
    String jdbcUrl(String schema);

    /** The user name. */
    String username();

    /** The password. */
    String password();
}
