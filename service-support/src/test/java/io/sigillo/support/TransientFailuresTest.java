package io.sigillo.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.support.virus.VirusScanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.messaging.MessagingException;

class TransientFailuresTest {

    /** As the listener container hands failures over: wrapped twice. */
    private static Throwable wrapped(Throwable cause) {
        return new MessagingException("listener failed", new IllegalStateException("handler failed", cause));
    }

    @Test
    void failuresThatPassAreRecognisedUnderTheirWrappers() {
        assertThat(TransientFailures.isTransient(wrapped(new VirusScanner.ScannerUnavailable("clamd restarting",
                new ConnectException("refused"))))).isTrue();
        assertThat(TransientFailures.isTransient(wrapped(new CannotGetJdbcConnectionException("pool empty")))).isTrue();
        // The blob store wraps SQL failures in UncheckedIOException: PostgreSQL shutting down (57P01), no connection (08006).
        assertThat(TransientFailures.isTransient(wrapped(new UncheckedIOException(new IOException("cannot store blob",
                new SQLException("terminating connection due to administrator command", "57P01")))))).isTrue();
        assertThat(TransientFailures.isTransient(wrapped(new SQLException("connection failure", "08006")))).isTrue();
        assertThat(TransientFailures.isTransient(wrapped(new SQLException("deadlock detected", "40P01")))).isTrue();
        assertThat(TransientFailures.isTransient(wrapped(new TimeoutException("no ack in time")))).isTrue();
        assertThat(TransientFailures.isTransient(wrapped(new NotLeaderOrFollowerException("leader moved")))).isTrue();
    }

    @Test
    void failuresThatWouldHappenAgainAreNot() {
        assertThat(TransientFailures.isTransient(wrapped(new IllegalStateException("body is not in the blob store"))))
                .isFalse();
        assertThat(TransientFailures.isTransient(wrapped(new SQLException("invalid byte sequence", "22021")))).isFalse();
        assertThat(TransientFailures.isTransient(wrapped(new IllegalArgumentException("not json")))).isFalse();
        assertThat(TransientFailures.isTransient(new NullPointerException())).isFalse();
    }
}
