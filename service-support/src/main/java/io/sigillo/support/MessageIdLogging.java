package io.sigillo.support;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Puts the PEC message identifier (the Kafka key every event carries) into the logging context while a
 * consumer handles the record, so every log line of a message's path names it ({@code pec.message_id} in the
 * structured JSON logs).
 */
public class MessageIdLogging implements RecordInterceptor<Object, Object> {

    /** The logging context key. */
    public static final String KEY = "pec.message_id";

    @Override
    public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
            Consumer<Object, Object> consumer) {
        Object key = record.key();
        if (key instanceof byte[] bytes) {
            MDC.put(KEY, new String(bytes, StandardCharsets.UTF_8));
        } else if (key != null) {
            MDC.put(KEY, key.toString());
        }
        return record;
    }

    @Override
    public void afterRecord(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        MDC.remove(KEY);
    }
}
