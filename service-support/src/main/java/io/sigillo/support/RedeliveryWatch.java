package io.sigillo.support;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Tells {@link Redeliveries} what a listener container knows of each record it hands over: where each partition ended
 * when the container was given it, and which records failed and are being retried. A batch is handled for the first
 * time only when each of its records is.
 */
final class RedeliveryWatch implements RecordInterceptor<Object, Object>, BatchInterceptor<Object, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(RedeliveryWatch.class);

    /** Per partition held, its end offset when it was assigned: records before it may have been handled elsewhere. */
    private final Map<TopicPartition, Long> endWhenAssigned = new ConcurrentHashMap<>();
    /** Records whose handling failed, until they succeed: their retry may meet what the failed attempt did. */
    private final Set<Handled> failed = ConcurrentHashMap.newKeySet();

    /** A record by where it sits. */
    private record Handled(TopicPartition partition, long offset) {

        static Handled of(ConsumerRecord<?, ?> record) {
            return new Handled(new TopicPartition(record.topic(), record.partition()), record.offset());
        }
    }

    @Override
    public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
            Consumer<Object, Object> consumer) {
        Handled handled = Handled.of(record);
        Long end = endWhenAssigned.get(handled.partition());
        Redeliveries.handling(end != null && record.offset() >= end
                && (failed.isEmpty() || !failed.contains(handled)));
        return record;
    }

    @Override
    public void success(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        if (!failed.isEmpty()) {
            failed.remove(Handled.of(record));
        }
    }

    @Override
    public void failure(ConsumerRecord<Object, Object> record, Exception exception,
            Consumer<Object, Object> consumer) {
        failed.add(Handled.of(record));
    }

    @Override
    public ConsumerRecords<Object, Object> intercept(ConsumerRecords<Object, Object> records,
            Consumer<Object, Object> consumer) {
        boolean firstTime = true;
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<Object, Object>> ofPartition = records.records(partition);
            long first = ofPartition.get(0).offset();
            if (!failed.isEmpty()) {
                // A failed batch's records before the one that failed were committed: they will not come again.
                failed.removeIf(handled -> handled.partition().equals(partition) && handled.offset() < first);
            }
            Long end = endWhenAssigned.get(partition);
            firstTime &= end != null && first >= end
                    && (failed.isEmpty() || ofPartition.stream().map(Handled::of).noneMatch(failed::contains));
        }
        Redeliveries.handling(firstTime);
        return records;
    }

    @Override
    public void success(ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
        if (!failed.isEmpty()) {
            records.forEach(record -> failed.remove(Handled.of(record)));
        }
        Redeliveries.handled();
    }

    @Override
    public void failure(ConsumerRecords<Object, Object> records, Exception exception,
            Consumer<Object, Object> consumer) {
        // Which of them failed is the error handler's business: any of them may have been handled in part.
        records.forEach(record -> failed.add(Handled.of(record)));
        Redeliveries.handled();
    }

    @Override
    public void afterRecord(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        Redeliveries.handled();
    }

    /** A rebalance listener that does what {@code delegate} (the binder's, or none) did, and notes assignments. */
    ConsumerAwareRebalanceListener around(ConsumerRebalanceListener delegate) {
        return new ConsumerAwareRebalanceListener() {

            @Override
            public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                try {
                    // Asked of the brokers once per assignment, before any record of these partitions is handed over.
                    endWhenAssigned.putAll(consumer.endOffsets(partitions));
                } catch (RuntimeException e) {
                    // Unknown ends: every record of these partitions may repeat, which costs a check, never a copy.
                    LOG.warn("end offsets of {} not known: {}", partitions, e.getMessage());
                }
                if (delegate instanceof ConsumerAwareRebalanceListener aware) {
                    aware.onPartitionsAssigned(consumer, partitions);
                } else if (delegate != null) {
                    delegate.onPartitionsAssigned(partitions);
                }
            }

            @Override
            public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer,
                    Collection<TopicPartition> partitions) {
                if (delegate instanceof ConsumerAwareRebalanceListener aware) {
                    aware.onPartitionsRevokedBeforeCommit(consumer, partitions);
                } else if (delegate != null) {
                    delegate.onPartitionsRevoked(partitions);
                }
            }

            @Override
            public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer,
                    Collection<TopicPartition> partitions) {
                forget(partitions);
                if (delegate instanceof ConsumerAwareRebalanceListener aware) {
                    aware.onPartitionsRevokedAfterCommit(consumer, partitions);
                }
            }

            @Override
            public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                forget(partitions);
                if (delegate instanceof ConsumerAwareRebalanceListener aware) {
                    aware.onPartitionsLost(consumer, partitions);
                } else if (delegate != null) {
                    delegate.onPartitionsLost(partitions);
                }
            }
        };
    }

    private void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(endWhenAssigned::remove);
        failed.removeIf(handled -> partitions.contains(handled.partition()));
    }
}
