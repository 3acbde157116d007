package io.sigillo.bench.load;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What PostgreSQL did per message over a measured batch: its statements by time spent (pg_stat_statements, where the
 * server preloads it: {@code SIGILLO_BENCH_POSTGRES_STATEMENTS=1 benchmarks/run load …}), and per database its
 * commits and the WAL it wrote, which is what each commit costs a durable server.
 */
final class PostgresStatements {

    /** How many statements the report lists, the costliest first. */
    private static final int LISTED = 30;

    private final Connection connection;
    private final boolean statements;
    private final Map<String, long[]> databasesBefore;
    private final long[] walBefore;

    private PostgresStatements(Connection connection, boolean statements) throws SQLException {
        this.connection = connection;
        this.statements = statements;
        if (statements) {
            try (Statement s = connection.createStatement()) {
                s.execute("SELECT pg_stat_statements_reset()");
            }
        }
        this.databasesBefore = databases();
        this.walBefore = wal();
    }

    /** Starts counting, through {@code connection} (any database of the server). */
    static PostgresStatements start(Connection connection) throws SQLException {
        boolean preloaded;
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SHOW shared_preload_libraries")) {
            rs.next();
            preloaded = rs.getString(1).contains("pg_stat_statements");
        }
        if (preloaded) {
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            }
        }
        return new PostgresStatements(connection, preloaded);
    }

    /** What was done since {@link #start}, per message of {@code messages}. */
    Map<String, Object> perMessage(int messages) throws SQLException {
        double n = Math.max(1, messages);
        Map<String, Object> report = new LinkedHashMap<>();
        Map<String, Map<String, Double>> databases = new LinkedHashMap<>();
        databases().forEach((name, after) -> {
            long[] before = databasesBefore.getOrDefault(name, new long[after.length]);
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put("commits", (after[0] - before[0]) / n);
            figures.put("rollbacks", (after[1] - before[1]) / n);
            figures.put("rowsInserted", (after[2] - before[2]) / n);
            figures.put("rowsUpdated", (after[3] - before[3]) / n);
            figures.put("rowsDeleted", (after[4] - before[4]) / n);
            figures.put("rowsFetched", (after[5] - before[5]) / n);
            databases.put(name, figures);
        });
        report.put("databases", databases);
        long[] wal = wal();
        report.put("walRecords", (wal[0] - walBefore[0]) / n);
        report.put("walKiB", (wal[1] - walBefore[1]) / 1024.0 / n);
        report.put("walSyncs", (wal[2] - walBefore[2]) / n);
        if (statements) {
            report.put("statements", statements(n));
        }
        return report;
    }

    private List<Map<String, Object>> statements(double n) throws SQLException {
        List<Map<String, Object>> listed = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT d.datname, p.calls, p.total_exec_time, p.rows, p.wal_bytes, p.query
                  FROM pg_stat_statements p JOIN pg_database d ON d.oid = p.dbid
                 ORDER BY p.total_exec_time DESC LIMIT %d""".formatted(LISTED))) {
            while (rs.next()) {
                Map<String, Object> statement = new LinkedHashMap<>();
                statement.put("database", rs.getString(1));
                statement.put("calls", rs.getLong(2) / n);
                statement.put("ms", rs.getDouble(3) / n);
                statement.put("rows", rs.getLong(4) / n);
                statement.put("walKiB", rs.getDouble(5) / 1024 / n);
                String query = rs.getString(6).replaceAll("\\s+", " ");
                statement.put("query", query.length() > 240 ? query.substring(0, 240) + "…" : query);
                listed.add(statement);
            }
        }
        return listed;
    }

    private Map<String, long[]> databases() throws SQLException {
        Map<String, long[]> databases = new LinkedHashMap<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT datname, xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted, tup_fetched
                  FROM pg_stat_database WHERE datname LIKE 'sigillo%' ORDER BY datname""")) {
            while (rs.next()) {
                long[] figures = new long[6];
                for (int i = 0; i < figures.length; i++) {
                    figures[i] = rs.getLong(i + 2);
                }
                databases.put(rs.getString(1), figures);
            }
        }
        return databases;
    }

    private long[] wal() throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT wal_records, wal_bytes, wal_sync FROM pg_stat_wal")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        }
    }
}
