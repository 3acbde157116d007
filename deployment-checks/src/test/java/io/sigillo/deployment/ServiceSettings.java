package io.sigillo.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.util.ClassUtils;

/**
 * What one Sigillo service really reads: the settings its application.yml declares, the
 * {@code @ConfigurationProperties} and {@code @Value} keys of its own code and of the shared configurations it
 * imports, and Spring Boot's documented properties; and the ports it listens on.
 */
record ServiceSettings(String module, Map<String, Object> applicationYml, Set<String> ownKeys,
        Set<String> requiredKeys) {

    /** The five services, by module name, with the package their code lives in. */
    static final Map<String, String> SERVICES = Map.of(
            "access-point-service", "io.sigillo.accesspoint",
            "incoming-point-service", "io.sigillo.incomingpoint",
            "delivery-point-service", "io.sigillo.deliverypoint",
            "receipt-service", "io.sigillo.receipt",
            "audit-log-service", "io.sigillo.auditlog");

    /**
     * The webmail (ADR 0035) and the console, its jar started as the staff's pages (ADR 0036): deployed beside the
     * services, they call their APIs and read neither Kafka nor PostgreSQL.
     */
    static final Map<String, String> WEBMAIL = Map.of("webmail", "io.sigillo.webmail", "console", "io.sigillo.webmail");

    /** The module, and image, a deployment runs: the console is the webmail's. */
    static String moduleOf(String deployment) {
        return deployment.equals("console") ? "webmail" : deployment;
    }

    /** Variables the JVM or the container runtime reads, not Spring. */
    private static final Set<String> RUNTIME_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "TZ", "LANG");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)");
    private static final Pattern WITHOUT_DEFAULT = Pattern.compile("\\$\\{([^}:]+)}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> BOOT_PROPERTIES = new HashSet<>();
    private static final Set<String> BOOT_MAP_PROPERTIES = new HashSet<>();

    static {
        try {
            for (Resource r : new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:META-INF/spring-configuration-metadata.json")) {
                try (InputStream in = r.getInputStream()) {
                    for (JsonNode property : JSON.readTree(in).path("properties")) {
                        String name = property.path("name").asText();
                        (property.path("type").asText().startsWith("java.util.Map") ? BOOT_MAP_PROPERTIES
                                : BOOT_PROPERTIES).add(canonical(name));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each service's settings, read once: scanning its classes is the slow part of these checks. */
    private static final Map<String, ServiceSettings> READ = new ConcurrentHashMap<>();

    /** The settings of {@code module}, read from its sources and classes in this build. */
    static ServiceSettings of(String module) {
        return READ.computeIfAbsent(moduleOf(module), ServiceSettings::read);
    }

    private static ServiceSettings read(String module) {
        String basePackage = SERVICES.getOrDefault(module, WEBMAIL.get(module));
        if (basePackage == null) {
            throw new IllegalArgumentException("not a Sigillo service nor the webmail: " + module);
        }
        Map<String, Object> yml = Yaml.flatten(Yaml.document(
                Project.root().resolve(module).resolve("src/main/resources/application.yml")));
        Set<String> keys = new TreeSet<>(yml.keySet());
        Set<String> required = new TreeSet<>();
        Class<?> application = null;
        for (Class<?> type : classes(basePackage)) {
            settingsOf(type, keys, required);
            if (type.isAnnotationPresent(SpringBootApplication.class)) {
                application = type;
            }
        }
        if (application == null) {
            throw new IllegalStateException("no @SpringBootApplication in " + basePackage);
        }
        // Shared modules count only for what the application imports (an audit log without the index, say).
        imported(application, keys, required, new HashSet<>());
        return new ServiceSettings(module, yml, keys, required);
    }

    /**
     * The required settings (a {@code @Value} without default, a {@code @NotBlank} or {@code @NotNull}
     * property) that neither application.yml, nor the profiles in {@code SPRING_PROFILES_ACTIVE}, nor
     * {@code environment} ({@code NAME=value} or {@code NAME}) provide: the service would not start.
     */
    Set<String> missing(Set<String> environment) {
        Set<String> provided = new HashSet<>(applicationYml.keySet());
        String profiles = environment.stream().filter(v -> v.startsWith("SPRING_PROFILES_ACTIVE=")).findFirst()
                .map(v -> v.substring("SPRING_PROFILES_ACTIVE=".length())).orElse("");
        for (String profile : profiles.split(",")) {
            Path file = Project.root().resolve(module).resolve("src/main/resources/application-" + profile.trim()
                    + ".yml");
            if (!profile.isBlank() && Files.exists(file)) {
                provided.addAll(Yaml.flatten(Yaml.document(file)).keySet());
            }
        }
        Set<String> names = new HashSet<>();
        environment.forEach(v -> names.add(v.contains("=") ? v.substring(0, v.indexOf('=')) : v));
        Set<String> missing = new TreeSet<>();
        for (String key : requiredKeys) {
            if (!provided.contains(key) && !names.contains(canonical(key))) {
                missing.add(key);
            }
        }
        return missing;
    }

    private static void settingsOf(Class<?> type, Set<String> keys, Set<String> required) {
        ConfigurationProperties properties = type.getAnnotation(ConfigurationProperties.class);
        if (properties != null) {
            String prefix = properties.value().isEmpty() ? properties.prefix() : properties.value();
            propertyKeys(prefix, type, keys, required, 0);
        }
        valueKeys(type, keys, required);
    }

    /** The settings of the configurations {@code type} imports, and of the beans they declare, recursively. */
    private static void imported(Class<?> type, Set<String> keys, Set<String> required, Set<Class<?>> seen) {
        if (!seen.add(type)) {
            return;
        }
        Import imports = type.getAnnotation(Import.class);
        for (Class<?> configuration : imports == null ? new Class<?>[0] : imports.value()) {
            settingsOf(configuration, keys, required);
            imported(configuration, keys, required, seen);
        }
        EnableConfigurationProperties enabled = type.getAnnotation(EnableConfigurationProperties.class);
        for (Class<?> properties : enabled == null ? new Class<?>[0] : enabled.value()) {
            settingsOf(properties, keys, required);
        }
        for (var method : type.getDeclaredMethods()) {
            if (method.isAnnotationPresent(Bean.class) && method.getReturnType().getName().startsWith("io.sigillo.")) {
                settingsOf(method.getReturnType(), keys, required);
                imported(method.getReturnType(), keys, required, seen);
            }
        }
    }

    /** True when an environment variable of this name reaches a setting the service reads. */
    boolean reads(String variable) {
        if (RUNTIME_VARIABLES.contains(variable) || BOOT_PROPERTIES.contains(variable)) {
            return true;
        }
        if (ownKeys.stream().map(ServiceSettings::canonical).anyMatch(variable::equals)) {
            return true;
        }
        return BOOT_MAP_PROPERTIES.stream().anyMatch(map -> variable.startsWith(map + "_"));
    }

    /** The HTTP port (server.port). */
    int httpPort() {
        return ((Number) applicationYml.get("server.port")).intValue();
    }

    /** The incoming point's SMTP port, or -1 for the other services. */
    int smtpPort() {
        return port("sigillo.incoming.smtp.port");
    }

    /** The ports a service listens on besides HTTP, by the name its container gives them: SMTP of both kinds. */
    Map<String, Integer> mailPorts() {
        Map<String, Integer> ports = new TreeMap<>();
        Map.of("smtp", "sigillo.incoming.smtp.port", "submission", "sigillo.submission.smtp.start-tls-port",
                "submissions", "sigillo.submission.smtp.tls-port").forEach((name, property) -> {
                    if (port(property) > 0) {
                        ports.put(name, port(property));
                    }
                });
        return ports;
    }

    private int port(String property) {
        Object port = applicationYml.get(property);
        return port == null ? -1 : ((Number) port).intValue();
    }

    /** The form Spring's relaxed binding matches an environment variable against. */
    static String canonical(String property) {
        return property.replaceAll("\\[[^]]*]", "").replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private static List<Class<?>> classes(String pkg) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(
                    org.springframework.beans.factory.annotation.AnnotatedBeanDefinition definition) {
                return true;
            }
        };
        scanner.addIncludeFilter((reader, factory) -> true);
        List<Class<?>> out = new ArrayList<>();
        for (BeanDefinition definition : scanner.findCandidateComponents(pkg)) {
            out.add(ClassUtils.resolveClassName(definition.getBeanClassName(), ServiceSettings.class.getClassLoader()));
        }
        return out;
    }

    private static void propertyKeys(String prefix, Class<?> type, Set<String> keys, Set<String> required,
            int depth) {
        if (depth > 5) {
            return;
        }
        for (Field f : type.getDeclaredFields()) {
            if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                // A record's component annotations reach its private field, whatever their targets.
                boolean mandatory = f.isAnnotationPresent(NotBlank.class) || f.isAnnotationPresent(NotNull.class);
                property(prefix, f.getName(), f.getType(), mandatory, keys, required, depth);
            }
        }
    }

    private static void property(String prefix, String name, Class<?> type, boolean mandatory, Set<String> keys,
            Set<String> required, int depth) {
        String key = prefix + "." + name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        keys.add(key);
        if (mandatory) {
            required.add(key);
        }
        if (type.getName().startsWith("io.sigillo.") && !type.isEnum()) {
            propertyKeys(key, type, keys, required, depth + 1);
        }
    }

    private static void valueKeys(Class<?> type, Set<String> keys, Set<String> required) {
        List<AnnotatedElement> elements = new ArrayList<>(List.of(type.getDeclaredFields()));
        for (var constructor : type.getDeclaredConstructors()) {
            elements.addAll(List.of(constructor.getParameters()));
        }
        for (var method : type.getDeclaredMethods()) {
            elements.add(method);
            for (Parameter p : method.getParameters()) {
                elements.add(p);
            }
        }
        for (AnnotatedElement element : elements) {
            Value value = element.getAnnotation(Value.class);
            if (value != null) {
                Matcher m = PLACEHOLDER.matcher(value.value());
                while (m.find()) {
                    keys.add(m.group(1));
                }
                Matcher noDefault = WITHOUT_DEFAULT.matcher(value.value());
                while (noDefault.find()) {
                    required.add(noDefault.group(1));
                }
            }
            org.springframework.scheduling.annotation.Scheduled scheduled =
                    element.getAnnotation(org.springframework.scheduling.annotation.Scheduled.class);
            if (scheduled != null) {
                Matcher m = PLACEHOLDER.matcher(scheduled.fixedDelayString() + scheduled.fixedRateString()
                        + scheduled.cron() + scheduled.initialDelayString());
                while (m.find()) {
                    keys.add(m.group(1));
                }
            }
        }
    }
}
