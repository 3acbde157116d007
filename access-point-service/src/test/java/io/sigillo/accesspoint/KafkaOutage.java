package io.sigillo.accesspoint;

import io.sigillo.support.KeyedPublisher;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.json.JsonMapper;

/**
 * The services' publisher with a switch: a test makes the next publication to a topic fail as a Kafka outage
 * would, after which publishing works again.
 */
@TestConfiguration(proxyBeanMethods = false)
public class KafkaOutage {

    /** Publishes as usual, except once to each topic a test named. */
    public static class FailingOncePublisher extends KeyedPublisher {
        private final Set<String> failNext = ConcurrentHashMap.newKeySet();

        FailingOncePublisher(String bootstrapServers, KafkaProperties kafka, JsonMapper json) {
            super(bootstrapServers, kafka.buildProducerProperties(), json);
        }

        /** The next publication to {@code topic} throws, as when Kafka does not take it. */
        public void failNextTo(String topic) {
            failNext.add(topic);
        }

        @Override
        public void publish(String destination, String key, Object event) {
            if (failNext.remove(destination)) {
                throw new IllegalStateException("could not publish to " + destination + " for " + key
                        + " (a test's Kafka outage)");
            }
            super.publish(destination, key, event);
        }
    }

    @Bean
    @Primary
    FailingOncePublisher failingOncePublisher(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers,
            KafkaProperties kafka, JsonMapper json) {
        return new FailingOncePublisher(bootstrapServers, kafka, json);
    }
}
