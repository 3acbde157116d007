package io.sigillo.accesspoint;

import io.sigillo.support.KeyedPublisher;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The services' publisher with a switch: a test makes the next publication to a topic fail as a Kafka outage
 * would, after which publishing works again.
 */
@TestConfiguration(proxyBeanMethods = false)
public class KafkaOutage {

    /** Publishes as usual, except once to each topic a test named. */
    public static class FailingOncePublisher extends KeyedPublisher {
        private final Set<String> failNext = ConcurrentHashMap.newKeySet();

        FailingOncePublisher(StreamBridge bridge) {
            super(bridge);
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
    FailingOncePublisher failingOncePublisher(StreamBridge bridge) {
        return new FailingOncePublisher(bridge);
    }
}
