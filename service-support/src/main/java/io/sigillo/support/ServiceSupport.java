package io.sigillo.support;

import io.micrometer.core.instrument.MeterRegistry;
import io.sigillo.blob.BlobStore;
import io.sigillo.blob.PostgresBlobStore;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.stream.binder.kafka.utils.DlqPartitionFunction;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The beans every service shares; import it from the service's application class. */
@Configuration(proxyBeanMethods = false)
public class ServiceSupport {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    BlobStore blobStore(DataSource dataSource) {
        return new PostgresBlobStore(dataSource).migrate();
    }

    @Bean
    KeyedPublisher keyedPublisher(StreamBridge bridge) {
        return new KeyedPublisher(bridge);
    }

    @Bean
    AuditPublisher auditPublisher(KeyedPublisher publisher, @Value("${spring.application.name}") String actor) {
        return new AuditPublisher(publisher, actor);
    }

    /** bcrypt for new hashes; the {@code {id}} prefix lets stronger algorithms come later. */
    @Bean
    @ConditionalOnMissingBean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    DlqPartitionFunction countedDeadLetters(MeterRegistry registry) {
        return new CountedDeadLetters(registry);
    }

    @Bean
    ProblemResponses problemResponses() {
        return new ProblemResponses();
    }
}
