package io.sigillo.support;

/**
 * Whether the Kafka record this thread is handling may have been handled before, in whole or in part (ADR 0029).
 * After a crash or a rebalance, any record that was already on its partition when this consumer was given it may
 * have been handled by the one before (offsets are committed once a second); so may a record retried after a
 * failure. Every other record is handled for the first time. A step that is not idempotent by itself, such as an IMAP
 * APPEND, looks for an earlier attempt only when this says one may exist. Off a consumer's thread the answer is yes.
 */
public final class Redeliveries {

    private static final ThreadLocal<Boolean> FIRST_TIME = new ThreadLocal<>();

    private Redeliveries() {
    }

    /** False only while a record known to be handled for the first time is being handled on this thread. */
    public static boolean mayRepeat() {
        return !Boolean.TRUE.equals(FIRST_TIME.get());
    }

    static void handling(boolean firstTime) {
        FIRST_TIME.set(firstTime);
    }

    static void handled() {
        FIRST_TIME.remove();
    }
}
