package io.sigillo.operations.kafka;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a provider's Kafka cluster ready (ADR 0023): its topics, a SCRAM user per service and one for the console
 * (ADR 0037) with the password in {@code SIGILLO_KAFKA_PASSWORDS_DIR/<user>} (a Kubernetes secret mounted as files)
 * or, without that directory, in {@code SIGILLO_KAFKA_PASSWORD_<USER>} ({@code SIGILLO_KAFKA_PASSWORD_CONSOLE},
 * {@code SIGILLO_KAFKA_PASSWORD_ACCESS_POINT_SERVICE}, say), and the ACLs of
 * {@link PlatformGrants}. Run by a Kubernetes Job and a Compose one-shot service before the services start, and by
 * the local run; configured by environment:
 * <ul>
 *   <li>{@code SPRING_KAFKA_BOOTSTRAP_SERVERS}, as the services are told;</li>
 *   <li>{@code SIGILLO_KAFKA_ADMIN_USERNAME} ({@code sigillo-admin}) and {@code SIGILLO_KAFKA_ADMIN_PASSWORD}: a super
 *   user of the cluster;</li>
 *   <li>{@code SIGILLO_KAFKA_SECURITY_PROTOCOL}: {@code SASL_PLAINTEXT}, or {@code SASL_SSL} where the brokers speak
 *   TLS (then the standard {@code ssl.truststore.*} settings follow as {@code SIGILLO_KAFKA_SSL_TRUSTSTORE_LOCATION},
 *   {@code _TYPE} ({@code PEM} for a CA certificate file) and {@code _PASSWORD});</li>
 *   <li>{@code SIGILLO_KAFKA_GENERATE_PASSWORDS=true} writes a random password for a service that has none (the
 *   local run);</li>
 *   <li>{@code SIGILLO_KAFKA_PARTITIONS} and {@code SIGILLO_KAFKA_REPLICATION_FACTOR}: the cluster's defaults unless
 *   set.</li>
 * </ul>
 */
public final class KafkaProvisioningTool {

    /** The fixed names of the variables it reads; a service's password may also be in {@link #passwordVariable}. */
    public static final Set<String> VARIABLES = Set.of("SPRING_KAFKA_BOOTSTRAP_SERVERS", "SIGILLO_KAFKA_ADMIN_USERNAME",
            "SIGILLO_KAFKA_ADMIN_PASSWORD", "SIGILLO_KAFKA_SECURITY_PROTOCOL", "SIGILLO_KAFKA_SSL_TRUSTSTORE_LOCATION",
            "SIGILLO_KAFKA_SSL_TRUSTSTORE_PASSWORD", "SIGILLO_KAFKA_SSL_TRUSTSTORE_TYPE", "SIGILLO_KAFKA_PASSWORDS_DIR",
            "SIGILLO_KAFKA_GENERATE_PASSWORDS", "SIGILLO_KAFKA_PARTITIONS", "SIGILLO_KAFKA_REPLICATION_FACTOR");

    private static final SecureRandom RANDOM = new SecureRandom();

    private KafkaProvisioningTool() {
    }

    /** Provisions the cluster; exits 1 with the reason when it cannot. */
    public static void main(String[] args) {
        // The Kafka clients' configuration dumps would bury what was done.
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(Level.WARN);
        }
        try {
            System.out.println(provision(System.getenv()));
        } catch (RuntimeException e) {
            System.err.println("Kafka was not provisioned: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Provisions the cluster {@code env} names; returns what was done, in a line. */
    public static String provision(Map<String, String> env) {
        String bootstrap = required(env, "SPRING_KAFKA_BOOTSTRAP_SERVERS");
        required(env, "SIGILLO_KAFKA_ADMIN_PASSWORD");
        String passwords = env.getOrDefault("SIGILLO_KAFKA_PASSWORDS_DIR", "");
        boolean generate = Boolean.parseBoolean(env.getOrDefault("SIGILLO_KAFKA_GENERATE_PASSWORDS", "false"));
        List<KafkaCredentials> users = new ArrayList<>();
        for (ServiceGrants grant : PlatformGrants.PRINCIPALS) {
            String service = grant.service();
            users.add(new KafkaCredentials(service, passwords.isEmpty()
                    ? required(env, passwordVariable(service))
                    : password(Path.of(passwords), service, generate)));
        }
        Map<String, Object> settings = new HashMap<>(administrator(env));
        settings.put("bootstrap.servers", bootstrap);
        Optional<Integer> partitions = Optional.ofNullable(env.get("SIGILLO_KAFKA_PARTITIONS")).map(Integer::valueOf);
        Optional<Short> replicas = Optional.ofNullable(env.get("SIGILLO_KAFKA_REPLICATION_FACTOR")).map(Short::valueOf);
        Set<String> topics = PlatformGrants.topics(PlatformGrants.PRINCIPALS);
        try (Admin client = Admin.create(settings)) {
            KafkaProvisioning provisioning = new KafkaProvisioning(client);
            provisioning.createTopics(topics, partitions, replicas);
            provisioning.createUsers(users);
            provisioning.grant(PlatformGrants.PRINCIPALS);
        }
        return "Kafka at " + bootstrap + ": " + topics.size() + " topics, "
                + users.size() + " users (the services and the console) and their ACLs";
    }

    /** Where {@code service}'s password is without a directory: {@code SIGILLO_KAFKA_PASSWORD_RECEIPT_SERVICE}, say. */
    public static String passwordVariable(String service) {
        return "SIGILLO_KAFKA_PASSWORD_" + service.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * The login of an operator's tool from its environment ({@code SIGILLO_KAFKA_ADMIN_*}, the protocol and the trust
     * store): none when no admin password is set, for brokers that require no login.
     */
    public static Map<String, Object> administrator(Map<String, String> env) {
        String password = env.getOrDefault("SIGILLO_KAFKA_ADMIN_PASSWORD", "");
        if (password.isEmpty()) {
            return Map.of();
        }
        return new KafkaCredentials(env.getOrDefault("SIGILLO_KAFKA_ADMIN_USERNAME", "sigillo-admin"), password)
                .clientSettings(env.getOrDefault("SIGILLO_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"),
                        env.get("SIGILLO_KAFKA_SSL_TRUSTSTORE_LOCATION"), env.get("SIGILLO_KAFKA_SSL_TRUSTSTORE_TYPE"),
                        env.get("SIGILLO_KAFKA_SSL_TRUSTSTORE_PASSWORD"));
    }

    private static String password(Path directory, String service, boolean generate) {
        Path file = directory.resolve(service);
        try {
            if (Files.exists(file)) {
                return Files.readString(file).strip();
            }
            if (!generate) {
                throw new IllegalArgumentException("no password for " + service + " in " + directory);
            }
            Files.createDirectories(directory);
            String password = HexFormat.of().formatHex(bytes(24));
            Files.writeString(file, password);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's own permissions protect it
            }
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the Kafka password of " + service, e);
        }
    }

    private static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
        return value;
    }
}
