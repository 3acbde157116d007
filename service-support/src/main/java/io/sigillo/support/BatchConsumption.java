package io.sigillo.support;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaNull;

/**
 * How a consumer in batch mode writes what a poll brought: the whole batch in one transaction, so that a store costs
 * a commit per poll rather than per record; when that fails, the error handler is told which record to retry (and,
 * unless the failure passes, to park) without losing or repeating the others.
 */
public final class BatchConsumption {

    private BatchConsumption() {
    }

    /** The index of the first record the binding's Kafka deserializer could not read, or -1. */
    private static int unreadable(List<?> batch) {
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i) == null || batch.get(i) instanceof KafkaNull) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Writes {@code batch} with {@code all}. A failure that passes makes the whole batch wait from its first record;
     * any other is narrowed down by writing the records one by one with {@code one}: those before the bad one are
     * written, and the bad one, named by {@code name}, is handed to the error handler with its index.
     */
    public static <T> void write(List<T> batch, Consumer<List<T>> all, Consumer<T> one, Function<T, String> name) {
        int unreadable = unreadable(batch);
        if (unreadable >= 0) {
            // What the binding's deserializer could not read arrives as no value: the records before it are written,
            // and it is handed to the error handler, which parks it with its bytes.
            if (unreadable > 0) {
                write(batch.subList(0, unreadable), all, one, name);
            }
            throw new BatchListenerFailedException("record " + unreadable + " of the poll cannot be read",
                    new IllegalArgumentException("not a readable event"), unreadable);
        }
        try {
            all.accept(batch);
        } catch (RuntimeException batchFailed) {
            if (TransientFailures.isTransient(batchFailed)) {
                throw new BatchListenerFailedException("the batch cannot be written now", batchFailed, 0);
            }
            for (int i = 0; i < batch.size(); i++) {
                try {
                    one.accept(batch.get(i));
                } catch (RuntimeException e) {
                    throw new BatchListenerFailedException(name.apply(batch.get(i)) + " cannot be written", e, i);
                }
            }
        }
    }
}
