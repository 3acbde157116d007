package io.sigillo.support;

import io.micrometer.core.instrument.MeterRegistry;
import io.sigillo.blob.BlobStore;
import io.sigillo.blob.PostgresBlobStore;
import io.sigillo.pec.mime.MailStreams;
import io.sigillo.support.credentials.LoginAddresses;
import io.sigillo.support.credentials.LoginThrottle;
import io.sigillo.support.credentials.OneTimeCodes;
import io.sigillo.support.credentials.PostgresLoginFailures;
import io.sigillo.support.credentials.RememberedPasswords;
import io.sigillo.support.certificates.ClientCertificateConnector;
import io.sigillo.support.certificates.ClientCertificateProperties;
import io.sigillo.support.certificates.TrustedClientCas;
import io.sigillo.support.kafka.KafkaLoginProperties;
import io.sigillo.support.sessions.SessionTokens;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.json.JsonMapper;

/** The beans every service shares; import it from the service's application class. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({KafkaLoginProperties.class, ClientCertificateProperties.class})
public class ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceSupport.class);

    static {
        // Before any bean reads or writes a message.
        MailStreams.nameAngusProvider();
    }

    /** How many verified passwords a service remembers at most: far more than its active clients. */
    private static final int REMEMBERED_PASSWORDS = 10_000;

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The blob store, its schema migrated by the service's own role or, when {@code spring.flyway.user} names
     * another (the audit log's, ADR 0022), by that owner, which then lets the service's role read and add bodies.
     */
    @Bean
    @ConditionalOnMissingBean
    BlobStore blobStore(DataSource dataSource, Environment environment, Clock clock) {
        PostgresBlobStore store = new PostgresBlobStore(dataSource, clock);
        Optional<DataSource> owner = schemaOwner(environment);
        return owner.isEmpty() ? store.migrate()
                : store.migrate(owner.get(), environment.getProperty("spring.datasource.username", ""));
    }

    /**
     * The owner that migrates the shared schemas when {@code spring.flyway.user} names a role other than the
     * service's own (the audit log's, ADR 0022); empty when the service's role owns them.
     */
    private static Optional<DataSource> schemaOwner(Environment environment) {
        String owner = environment.getProperty("spring.flyway.user", "");
        String role = environment.getProperty("spring.datasource.username", "");
        if (owner.isBlank() || owner.equals(role)) {
            return Optional.empty();
        }
        return Optional.of(new DriverManagerDataSource(environment.getRequiredProperty("spring.datasource.url"),
                owner, environment.getProperty("spring.flyway.password", "")));
    }

    /**
     * No observation of each Spring Security filter, authentication and authorization: with them, every REST request
     * opened a dozen observations and looked their meters up (about 7% of the access point's samples in step 17's
     * profile, docs/performance.md). Requests are still timed as a whole ({@code http.server.requests}).
     */
    @Bean
    @ConditionalOnMissingBean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** The service's events, published with Boot's producer settings (its login and trust store) and JSON. */
    @Bean
    KeyedPublisher keyedPublisher(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers,
            KafkaProperties kafka, JsonMapper json) {
        return new KeyedPublisher(bootstrapServers, kafka.buildProducerProperties(), json);
    }

    @Bean
    AuditPublisher auditPublisher(KeyedPublisher publisher, @Value("${spring.application.name}") String actor) {
        return new AuditPublisher(publisher, actor);
    }

    /**
     * bcrypt for new hashes (the {@code {id}} prefix lets stronger algorithms come later); a password that matched is
     * remembered for {@code sigillo.credentials.remember-for} (0 to check every time), so HTTP Basic clients do not
     * pay bcrypt on every request (ADR 0011).
     */
    @Bean
    @ConditionalOnMissingBean
    PasswordEncoder passwordEncoder(@Value("${sigillo.credentials.remember-for:5m}") Duration rememberFor,
            Clock clock) {
        return new RememberedPasswords(PasswordEncoderFactories.createDelegatingPasswordEncoder(), rememberFor,
                REMEMBERED_PASSWORDS, clock);
    }

    /**
     * Session tokens under the provider's key {@code sigillo.sessions.key} (Base64 of 32 bytes or more, the same in
     * every service of the provider), each living {@code sigillo.sessions.lifetime}. Without a key the process makes
     * one at random: its tokens then work at this process only, which is enough for a test and wrong for a provider.
     */
    @Bean
    @ConditionalOnMissingBean
    SessionTokens sessionTokens(@Value("${sigillo.sessions.key:}") String key,
            @Value("${sigillo.sessions.lifetime:1h}") Duration lifetime, Clock clock) {
        byte[] secret;
        if (key.isBlank()) {
            LOG.warn("sigillo.sessions.key (SIGILLO_SESSIONS_KEY) is not set: session tokens work at this process "
                    + "only");
            secret = new byte[32];
            new java.security.SecureRandom().nextBytes(secret);
        } else {
            secret = Base64.getDecoder().decode(key.strip());
        }
        return new SessionTokens(secret, lifetime, clock);
    }

    /** The CAs whose client certificates this provider accepts (ADR 0028); none unless configured. */
    @Bean
    TrustedClientCas trustedClientCas(ClientCertificateProperties settings) {
        return TrustedClientCas.of(settings);
    }

    /** The REST API's port for client certificates, when one is configured. */
    @Bean
    ClientCertificateConnector clientCertificateConnector(ClientCertificateProperties settings,
            TrustedClientCas cas) {
        return new ClientCertificateConnector(settings, cas);
    }

    /**
     * Failed HTTP logins, counted per account and client address in PostgreSQL (every replica sees the same counts),
     * lock them for a while (ADR 0021).
     */
    @Bean
    LoginThrottle loginThrottle(Clock clock, MeterRegistry registry, DataSource dataSource, Environment environment) {
        PostgresLoginFailures failures = new PostgresLoginFailures(dataSource);
        Optional<DataSource> owner = schemaOwner(environment);
        return new LoginThrottle(clock, registry, owner.isEmpty() ? failures.migrate()
                : failures.migrate(owner.get(), environment.getProperty("spring.datasource.username", "")));
    }

    /** Codes of an authenticator app, each good once, remembered where every replica sees them (ADR 0036). */
    @Bean
    OneTimeCodes oneTimeCodes(DataSource dataSource, Clock clock, LoginThrottle migratedWithIt) {
        return new OneTimeCodes(dataSource, clock);
    }

    /** The browser's address behind the webmail or the console, for the login throttle (ADR 0035). */
    @Bean
    LoginAddresses loginAddresses(@Value("${sigillo.sessions.frontend-key:}") String frontendKey) {
        return new LoginAddresses(frontendKey);
    }

    @Bean
    CountedDeadLetters countedDeadLetters(MeterRegistry registry) {
        return new CountedDeadLetters(registry);
    }

    /**
     * The service's OpenAPI document: titled after the service, relative server URL, HTTP Basic or a session token
     * everywhere.
     */
    @Bean
    OpenAPI openApi(@Value("${spring.application.name}") String service) {
        return new OpenAPI().info(new Info().title("Sigillo " + service)
                .description("Sigillo, a PEC (Posta Elettronica Certificata) provider: the " + service + " API.")
                .version("v1").license(new License().name("Apache-2.0")))
                .servers(List.of(new Server().url("/")))
                .components(new Components()
                        .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("basic"))
                        .addSecuritySchemes("session", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("JWT")
                                .description("a token from POST /api/v1/sessions at the delivery point")))
                .addSecurityItem(new SecurityRequirement().addList("basic"))
                .addSecurityItem(new SecurityRequirement().addList("session"));
    }

    /**
     * Every operation needs HTTP Basic or a session token, so every one may answer 401 with a problem document, and
     * 429 while repeated failures lock the account or the client address (LoginThrottle).
     */
    @Bean
    OperationCustomizer unauthorizedResponse() {
        return (operation, handler) -> {
            operation.getResponses().putIfAbsent("401", new ApiResponse().description("bad credentials")
                    .content(new Content().addMediaType("application/problem+json", new MediaType())));
            operation.getResponses().putIfAbsent("429", new ApiResponse()
                    .description("too many failed logins for this account or address: retry after Retry-After "
                            + "seconds")
                    .content(new Content().addMediaType("application/problem+json", new MediaType())));
            return operation;
        };
    }

    /**
     * Every Kafka listener names the message it handles in the logging context, waits out failures that pass and
     * parks only records that can never be processed on its dead-letter topic.
     */
    @Bean
    DurableConsumption durableConsumption(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers,
            CountedDeadLetters counted, KafkaProperties kafka) {
        // Boot's producer settings carry the service's login (KafkaLogin) and trust store, as the binder's do.
        return new DurableConsumption(bootstrapServers, kafka.buildProducerProperties(), counted,
                Duration.ofSeconds(30));
    }

    /**
     * Where a service that reads its topics with one consumer sends each record (empty for the others); every topic
     * of its {@code functionRouter-in-0} binding must have a route.
     */
    @Bean
    TopicRouting topicRouting(Environment environment) {
        String routed = environment.getProperty("spring.cloud.stream.bindings.functionRouter-in-0.destination", "");
        return new TopicRouting(Binder.get(environment)
                .bind("sigillo.consumption.routes", Bindable.mapOf(String.class, String.class)).orElse(Map.of()))
                .requireRoutesFor(routed.isBlank() ? List.of() : List.of(routed.split(",")));
    }

    @Bean
    ProblemResponses problemResponses() {
        return new ProblemResponses();
    }
}
