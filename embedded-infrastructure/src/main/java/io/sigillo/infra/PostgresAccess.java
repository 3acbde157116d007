package io.sigillo.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** How tests and the local run reach a PostgreSQL server, embedded or in a container. */
public interface PostgresAccess {

    /** JDBC URL of the Sigillo database with {@code schema} as the current schema. */
    String jdbcUrl(String schema);

    /** The user name. */
    String username();

    /** The password. */
    String password();

    /**
     * Another database on the same server (a second provider's), created when missing. {@code name} is lower
     * case letters, digits and underscores.
     */
    default PostgresAccess database(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("public"), username(), password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        PostgresAccess server = this;
        return new PostgresAccess() {
            @Override
            public String jdbcUrl(String schema) {
                return server.jdbcUrl(schema).replaceFirst("(jdbc:postgresql://[^/]+/)[^?]+", "$1" + name);
            }

            @Override
            public String username() {
                return server.username();
            }

            @Override
            public String password() {
                return server.password();
            }
        };
    }

    /**
     * The same database reached as another login role, created without any privilege when missing: what a
     * service runs as when it may only do what its migrations grant. {@code name} is as for {@link #database}.
     */
    default PostgresAccess role(String name, String password) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}") || password.contains("'")) {
            throw new IllegalArgumentException("not a plain role name or password: " + name);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("public"), username(), password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + name + "'")) {
            if (!rs.next()) {
                s.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "'");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create role " + name + ": " + e.getMessage(), e);
        }
        PostgresAccess server = this;
        return new PostgresAccess() {
            @Override
            public String jdbcUrl(String schema) {
                return server.jdbcUrl(schema);
            }

            @Override
            public String username() {
                return name;
            }

            @Override
            public String password() {
                return password;
            }
        };
    }
}
