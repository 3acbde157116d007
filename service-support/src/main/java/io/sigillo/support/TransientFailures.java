package io.sigillo.support;

import io.sigillo.support.virus.VirusScanner;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.apache.kafka.common.errors.RetriableException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Tells a failure that passes (PostgreSQL failing over or restarting, a Kafka leader changing, clamd restarting)
 * from one that will happen again however long one waits: the first is retried for as long as it lasts, the
 * second, after a few attempts, parks the record on the dead-letter topic.
 */
public final class TransientFailures {

    /** SQLSTATE classes and codes of failures that pass: connection (08), rollback (40), resources (53), shutdown. */
    private static final Set<String> TRANSIENT_SQL_STATES = Set.of("08", "40", "53", "57P01", "57P02", "57P03");

    private TransientFailures() {
    }

    /** True when {@code failure}, or anything that caused it, is a failure that passes. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof VirusScanner.ScannerUnavailable || t instanceof RetriableException
                    || t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException || t instanceof ConnectException
                    || t instanceof SocketTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && (TRANSIENT_SQL_STATES.contains(
                    sql.getSQLState()) || TRANSIENT_SQL_STATES.contains(sql.getSQLState().substring(0,
                            Math.min(2, sql.getSQLState().length()))))) {
                return true;
            }
        }
        return false;
    }
}
