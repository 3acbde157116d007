package io.sigillo.support;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.binder.kafka.utils.DlqPartitionFunction;

/**
 * Sees every record the binder sends to a dead-letter topic: counts it ({@code sigillo.dead.letters}, by
 * group and source topic) and logs it, so a poison event is never dropped silently.
 */
public class CountedDeadLetters implements DlqPartitionFunction {

    /** The counter's name. */
    public static final String METRIC = "sigillo.dead.letters";

    private static final Logger LOG = LoggerFactory.getLogger(CountedDeadLetters.class);

    private final MeterRegistry registry;

    public CountedDeadLetters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Integer apply(String group, ConsumerRecord<?, ?> record, Throwable cause) {
        registry.counter(METRIC, "group", String.valueOf(group), "topic", record.topic()).increment();
        LOG.warn("Dead letter from {} partition {} offset {} key {} (group {}): {}", record.topic(),
                record.partition(), record.offset(), key(record), group,
                cause == null ? "unknown" : rootMessage(cause));
        return DlqPartitionFunction.ORIGINAL_PARTITION.apply(group, record, cause);
    }

    private static String key(ConsumerRecord<?, ?> record) {
        return record.key() instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : String.valueOf(record.key());
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
