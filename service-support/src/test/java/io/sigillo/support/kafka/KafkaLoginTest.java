package io.sigillo.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.operations.kafka.KafkaCredentials;
import java.util.Map;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** How a service is logged in to Kafka from its settings. */
class KafkaLoginTest {

    @Test
    void aServiceGivenAPasswordLogsInAsItselfWithEveryKafkaClient() {
        StandardEnvironment environment = environment(Map.of("spring.application.name", "receipt-service",
                "sigillo.kafka.password", "pa\"ss\\word"));

        new KafkaLogin().postProcessEnvironment(environment, new SpringApplication());

        String jaas = environment.getProperty("spring.kafka.properties.sasl.jaas.config");
        assertThat(environment.getProperty("spring.cloud.stream.kafka.binder.configuration.sasl.jaas.config"))
                .isEqualTo(jaas);
        assertThat(environment.getProperty("spring.kafka.security.protocol")).isEqualTo("SASL_PLAINTEXT");
        assertThat(environment.getProperty("spring.cloud.stream.kafka.binder.configuration.sasl.mechanism"))
                .isEqualTo("SCRAM-SHA-512");
        // Kafka's own parser reads back the name and the password, quote and backslash included.
        Map<String, ?> options = JaasContext.loadClientContext(Map.of("sasl.jaas.config", new Password(jaas)))
                .configurationEntries().get(0).getOptions();
        assertThat(options.get("username")).isEqualTo("receipt-service");
        assertThat(options.get("password")).isEqualTo("pa\"ss\\word");
    }

    @Test
    void theProtocolAndTheUserNameCanBeSet() {
        StandardEnvironment environment = environment(Map.of("spring.application.name", "receipt-service",
                "sigillo.kafka.password", "secret", "sigillo.kafka.username", "alpha-receipts",
                "sigillo.kafka.security-protocol", "SASL_SSL"));

        assertThat(KafkaLogin.clientSettings(environment)).containsEntry("security.protocol", "SASL_SSL");
        assertThat(KafkaLogin.credentials(environment)).hasValueSatisfying(
                c -> assertThat(c.username()).isEqualTo("alpha-receipts"));
    }

    @Test
    void withoutAPasswordNothingChanges() {
        StandardEnvironment environment = environment(Map.of("spring.application.name", "receipt-service"));

        new KafkaLogin().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getPropertySources().contains(KafkaLogin.PROPERTY_SOURCE)).isFalse();
        assertThat(KafkaLogin.clientSettings(environment)).isEmpty();
    }

    @Test
    void credentialsDoNotPrintThePassword() {
        assertThat(new KafkaCredentials("receipt-service", "secret-value").toString()).doesNotContain("secret");
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return environment;
    }
}
