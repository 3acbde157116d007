package io.sigillo.support;

import java.time.Duration;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.binder.kafka.ListenerContainerWithDlqAndRetryCustomizer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.CompositeRecordInterceptor;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * How every Kafka consumer of a service handles failure: a failure that passes ({@link TransientFailures}) is
 * retried with exponential backoff for as long as it lasts, the partition waiting meanwhile, and never sends the
 * record to the dead-letter topic; any other failure is retried as the binding's {@code max-attempts} says, then the
 * record goes to {@code pec.dlt.<service>} (counted and logged by {@link CountedDeadLetters}). Each record's PEC
 * identifier is in the logging context while it is handled, and {@link Redeliveries} says whether it may have been
 * handled before.
 */
public final class DurableConsumption implements ListenerContainerWithDlqAndRetryCustomizer {

    private static final Logger LOG = LoggerFactory.getLogger(DurableConsumption.class);
    /**
     * How often a consumer commits the offsets of the records it has handled. Committing after every poll, as the
     * binder does by default, cost each small poll an offset commit (a write to the brokers' offsets log): a fifth of
     * the consumer threads' CPU under load. A record handled and not yet committed when the service is killed is
     * handled again, which every handler already survives (ADR 0005); a stop or a rebalance commits first.
     */
    static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);

    private final MessageIdLogging logging = new MessageIdLogging();
    private final KafkaTemplate<byte[], Object> deadLetters;
    private final CountedDeadLetters counted;
    private final Duration longestWait;

    /**
     * Consumption whose dead letters go to the brokers at {@code bootstrapServers}, with the service's other producer
     * settings {@code clientSettings} (its login and trust store; empty where none is needed), retrying a failure that
     * passes at most every {@code longestWait} (well under the consumer's {@code max.poll.interval.ms}).
     */
    public DurableConsumption(String bootstrapServers, Map<String, Object> clientSettings, CountedDeadLetters counted,
            Duration longestWait) {
        this.counted = counted;
        this.longestWait = longestWait;
        this.deadLetters = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                KeyedPublisher.acknowledgedByAll(bootstrapServers, clientSettings), new ByteArraySerializer(),
                new DeadLetterValues()));
    }

    @Override
    public void configure(AbstractMessageListenerContainer<?, ?> container, String destinationName, String group,
            BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> dlqDestinationResolver, BackOff backOff) {
        @SuppressWarnings("unchecked")
        var typed = (AbstractMessageListenerContainer<Object, Object>) container;
        // Each container its own watch: what it knows of its partitions and its failed records is its own.
        RedeliveryWatch redeliveries = new RedeliveryWatch();
        typed.setRecordInterceptor(new CompositeRecordInterceptor<>(logging, redeliveries));
        typed.setBatchInterceptor(redeliveries);
        typed.getContainerProperties().setConsumerRebalanceListener(
                redeliveries.around(typed.getContainerProperties().getConsumerRebalanceListener()));
        typed.getContainerProperties().setAckMode(ContainerProperties.AckMode.TIME);
        typed.getContainerProperties().setAckTime(COMMIT_INTERVAL.toMillis());
        DefaultErrorHandler handler = dlqDestinationResolver == null
                ? new DefaultErrorHandler(backOff == null ? new FixedBackOff(0, 0) : backOff)
                : new DefaultErrorHandler(new RootCauseRecoverer(deadLetters, (record, failure) -> {
                    counted.apply(group, record, failure);
                    return dlqDestinationResolver.apply(record, failure);
                }), backOff == null ? new FixedBackOff(0, 0) : backOff);
        handler.setBackOffFunction((record, failure) -> {
            if (!TransientFailures.isTransient(failure)) {
                return null;
            }
            LOG.warn("{} offset {} of {} waits for a passing failure to end: {}", destinationName, record.offset(),
                    group, failure.getMessage());
            return untilItPasses();
        });
        // A record whose failure changes kind (it passed, then something else failed) counts its attempts afresh.
        handler.setResetStateOnExceptionChange(true);
        // The handler compares failures by their outermost class, which is the binding's wrapper whatever happened
        // inside: a record that failed transiently, then fails for good, would wait forever. Tell it.
        handler.setRetryListeners(new KindChangeListener(handler));
        typed.setCommonErrorHandler(handler);
    }

    /** Retry and dead-letter routing are done here, in the container, for every binding. */
    @Override
    public boolean retryAndDlqInBinding(String destinationName, String group) {
        return false;
    }

    private BackOff untilItPasses() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(longestWait.toMillis());
        return backOff;
    }

    /**
     * Starts a record's attempts afresh when a failure that passes is followed by one that will not, so the second
     * is retried as the binding says and then parked, instead of being waited out like the first.
     */
    private static final class KindChangeListener implements RetryListener {

        /** The record (topic, partition, offset) whose last failure on this consumer thread was transient. */
        private final ThreadLocal<String> waitingOut = new ThreadLocal<>();
        private final DefaultErrorHandler handler;

        KindChangeListener(DefaultErrorHandler handler) {
            this.handler = handler;
        }

        @Override
        public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int deliveryAttempt) {
            String key = record.topic() + "-" + record.partition() + "@" + record.offset();
            if (TransientFailures.isTransient(failure)) {
                waitingOut.set(key);
            } else if (key.equals(waitingOut.get())) {
                waitingOut.remove();
                LOG.warn("{} no longer fails for a passing cause: {}", key, failure.getMessage());
                handler.clearThreadState();
            }
        }

        @Override
        public void recovered(ConsumerRecord<?, ?> record, Exception failure) {
            waitingOut.remove();
        }
    }

    /**
     * A dead letter's value as it came: its bytes (a record that could not be read), or, for a record the consumer
     * decoded (EventsByTopic), the event written back as JSON.
     */
    private static final class DeadLetterValues implements Serializer<Object> {

        private final JacksonJsonSerializer<Object> json = new JacksonJsonSerializer<>().noTypeInfo();

        @Override
        public byte[] serialize(String topic, Object value) {
            return value == null || value instanceof byte[] ? (byte[]) value : json.serialize(topic, value);
        }
    }

    /**
     * Parks records with the failure that caused them in the dead-letter headers ({@code kafka_dlt-exception-*}),
     * not the listener's wrappers around it, so that operators read why.
     */
    private static final class RootCauseRecoverer extends DeadLetterPublishingRecoverer {

        RootCauseRecoverer(KafkaTemplate<byte[], Object> template,
                BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> destinations) {
            super(template, destinations);
        }

        @Override
        public void accept(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception failure) {
            Throwable root = failure;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            super.accept(record, consumer, root instanceof Exception cause ? cause : failure);
        }
    }
}
