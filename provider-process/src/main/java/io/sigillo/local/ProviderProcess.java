package io.sigillo.local;

import io.sigillo.accesspoint.AccessPointApplication;
import io.sigillo.auditlog.AuditLogApplication;
import io.sigillo.deliverypoint.DeliveryPointApplication;
import io.sigillo.incomingpoint.IncomingPointApplication;
import io.sigillo.receipt.ReceiptApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * The five services of one provider in one JVM, for the local run (ADR 0015): one heap and one copy of the
 * classes instead of five, each service still its own Spring application with its own port, configuration,
 * schema and log file. Configured as the services' images are, by environment variables, plus
 * {@code --ports=P1,P2,P3,P4,P5} (in the order of {@link #SERVICES}) and {@code --logs=DIR}.
 */
public final class ProviderProcess {

    /**
     * A service: its name (as its jar and its log file are named), its application, its tables' schema and what it
     * is told besides what its image is told.
     */
    record Service(String name, Class<?> application, String schema, List<String> arguments) {
    }

    /**
     * On the shared class path, Spring Boot's Flyway would also run for the service without migrations of its own
     * (its jar does not carry it): it stays off for it, as in its image.
     */
    private static final List<String> NO_MIGRATIONS = List.of("--spring.flyway.enabled=false");

    /** The services, in the order of {@code --ports}: the local run's ports end in 1 to 5 in this order. */
    static final List<Service> SERVICES = List.of(
            new Service("access-point-service", AccessPointApplication.class, "access", List.of()),
            new Service("delivery-point-service", DeliveryPointApplication.class, "delivery", List.of()),
            new Service("audit-log-service", AuditLogApplication.class, "audit", List.of()),
            new Service("receipt-service", ReceiptApplication.class, "receipt", NO_MIGRATIONS),
            new Service("incoming-point-service", IncomingPointApplication.class, "incoming", List.of()));

    private static final Logger LOG = LoggerFactory.getLogger(ProviderProcess.class);

    private ProviderProcess() {
    }

    /** Starts the five services; exits with status 1 if one of them cannot start. */
    public static void main(String[] args) throws InterruptedException {
        Map<String, String> options = Arrays.stream(args).map(a -> a.replaceFirst("^--", "").split("=", 2))
                .collect(Collectors.toMap(a -> a[0], a -> a.length > 1 ? a[1] : ""));
        List<Integer> ports = Arrays.stream(options.getOrDefault("ports", "").split(","))
                .filter(p -> !p.isBlank()).map(Integer::valueOf).toList();
        if (ports.size() != SERVICES.size()) {
            System.err.println("usage: ProviderProcess --ports=P1,P2,P3,P4,P5 [--logs=DIR] (ports of "
                    + SERVICES.stream().map(Service::name).collect(Collectors.joining(", ")) + ")");
            System.exit(2);
        }
        logEachServiceToItsFile(Path.of(options.getOrDefault("logs", "logs")));
        String database = System.getenv("SPRING_DATASOURCE_URL");
        Map<String, Throwable> failed = new ConcurrentHashMap<>();
        Map<ServiceThreads, ConfigurableApplicationContext> started = new ConcurrentHashMap<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopTogether(started), "provider-process-stop"));
        List<Thread> starting = new ArrayList<>();
        for (int i = 0; i < SERVICES.size(); i++) {
            Service service = SERVICES.get(i);
            int port = ports.get(i);
            ServiceThreads threads = new ServiceThreads(service.name());
            Thread thread = new Thread(threads, () -> {
                try {
                    started.put(threads, start(service, port, database));
                } catch (Throwable e) {
                    LOG.error("{} could not start", service.name(), e);
                    failed.put(service.name(), e);
                }
            }, service.name() + "-start");
            thread.start();
            starting.add(thread);
        }
        for (Thread thread : starting) {
            thread.join();
        }
        if (!failed.isEmpty()) {
            System.err.println("could not start " + failed.keySet() + ": see their log files");
            System.exit(1);
        }
        LOG.info("all {} services started", SERVICES.size());
    }

    /**
     * Stops the services at once, each on a thread of its own group: Spring Boot's own hook would close them one
     * after the other, each waiting for its Kafka consumers' last poll.
     */
    private static void stopTogether(Map<ServiceThreads, ConfigurableApplicationContext> started) {
        List<Thread> stopping = new ArrayList<>();
        started.forEach((threads, context) -> {
            Thread thread = new Thread(threads, context::close, threads.getName() + "-stop");
            thread.start();
            stopping.add(thread);
        });
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Starts one service on the current thread, which belongs to its {@link ServiceThreads}. */
    private static ConfigurableApplicationContext start(Service service, int port, String database) {
        ServiceResources resources = new ServiceResources(service.application());
        // Libraries that look resources up through the thread's class loader see the service's own too.
        Thread.currentThread().setContextClassLoader(resources);
        List<String> args = new ArrayList<>(service.arguments());
        args.add("--server.port=" + port);
        if (database != null) {
            args.add("--spring.datasource.url=" + database + (database.contains("?") ? "&" : "?")
                    + "currentSchema=" + service.schema());
        }
        kafkaPassword(service.name()).ifPresent(password -> args.add("--sigillo.kafka.password=" + password));
        SpringApplication application = new SpringApplication(new DefaultResourceLoader(resources),
                service.application());
        // Named in its start-up lines as its own main would be: there is no main method on this thread's stack.
        application.setMainApplicationClass(service.application());
        application.setRegisterShutdownHook(false);
        return application.run(args.toArray(String[]::new));
    }

    /**
     * The service's own Kafka password, where the brokers require a login (ADR 0023): one process, five principals,
     * so one {@code SIGILLO_KAFKA_PASSWORD} cannot do; {@code SIGILLO_KAFKA_PASSWORDS_DIR} holds a file per service,
     * as the provisioning wrote them.
     */
    private static Optional<String> kafkaPassword(String service) {
        String directory = System.getenv("SIGILLO_KAFKA_PASSWORDS_DIR");
        if (directory == null || directory.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(Path.of(directory, service)).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("no Kafka password for " + service + " in " + directory, e);
        }
    }

    /**
     * Configures logging once for the process, before any service starts: each service's Spring Boot then finds it
     * configured and only sets the log levels its configuration names, on the one logging context they share.
     */
    private static void logEachServiceToItsFile(Path logs) {
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty("sigillo.logs", logs.toAbsolutePath().toString());
        LoggingSystem logging = LoggingSystem.get(ProviderProcess.class.getClassLoader());
        logging.beforeInitialize();
        logging.initialize(new LoggingInitializationContext(new StandardEnvironment()),
                "classpath:io/sigillo/local/provider-logback.xml", null);
    }
}
