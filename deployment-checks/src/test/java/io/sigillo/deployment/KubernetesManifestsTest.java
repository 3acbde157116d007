package io.sigillo.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.sigillo.operations.kafka.KafkaProvisioningTool;
import io.sigillo.operations.kafka.PlatformGrants;
import io.sigillo.operations.kafka.ServiceGrants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** k8s/: the base and each overlay, built and read with the Kubernetes model, against what the services read. */
class KubernetesManifestsTest {

    private static List<HasMetadata> build(String dir) {
        return Kustomization.build(Project.root().resolve("k8s").resolve(dir)).stream()
                .map(KubernetesModel::typed).toList();
    }

    private static <T extends HasMetadata> List<T> all(List<HasMetadata> resources, Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static String module(Deployment d) {
        return d.getMetadata().getLabels().get("app.kubernetes.io/name");
    }

    private static Deployment deployment(List<HasMetadata> resources, String name) {
        return all(resources, Deployment.class).stream().filter(d -> d.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no deployment " + name));
    }

    private static Container container(Deployment d) {
        List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
        assertEquals(1, containers.size(), d.getMetadata().getName() + " runs one container");
        return containers.get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void eachBuildHasTheFiveServicesTheWebmailAndTheConsoleAndParsesWithoutUnknownFields(String dir) {
        List<Deployment> deployments = all(build(dir), Deployment.class);

        Set<String> expected = new TreeSet<>(ServiceSettings.SERVICES.keySet());
        expected.addAll(ServiceSettings.WEBMAIL.keySet());
        assertThat(deployments).extracting(KubernetesManifestsTest::module).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(deployments).allSatisfy(d -> assertThat(container(d).getImage())
                .matches("(.+/)?sigillo/" + ServiceSettings.moduleOf(module(d)) + ":[\\w.-]+"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyEnvironmentVariableIsOneTheServiceReads(String dir) {
        List<HasMetadata> resources = build(dir);
        ConfigMap config = all(resources, ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals("sigillo-config")).findFirst().orElseThrow();
        Map<String, List<String>> unread = new TreeMap<>();
        for (Deployment d : all(resources, Deployment.class)) {
            ServiceSettings settings = ServiceSettings.of(module(d));
            for (EnvVar env : container(d).getEnv()) {
                if (!settings.reads(env.getName())) {
                    unread.computeIfAbsent(module(d), m -> new ArrayList<>()).add(env.getName());
                }
                var ref = env.getValueFrom() == null ? null : env.getValueFrom().getConfigMapKeyRef();
                if (ref != null && ref.getName().equals("sigillo-config")) {
                    assertThat(config.getData()).as("%s %s", module(d), env.getName()).containsKey(ref.getKey());
                }
            }
        }
        assertThat(unread).as("variables no setting of the service binds to").isEmpty();
    }

    @Test
    void aVariableIsReadOnlyWhenItBindsToASettingOfThatService() {
        ServiceSettings access = ServiceSettings.of("access-point-service");
        ServiceSettings audit = ServiceSettings.of("audit-log-service");

        assertThat(access.reads("SIGILLO_RELAY_TRUST_CA_PATH")).isTrue();
        assertThat(access.reads("SPRING_DATASOURCE_URL")).isTrue();
        assertThat(access.reads("SIGILLO_RELAY_TRUSTED_CA")).isFalse();
        assertThat(access.reads("SPRING_CLOUD_STREAM_KAFKA_BINDER_MIN_PARTITION_COUNT")).isTrue();
        assertThat(access.reads("SPRING_CLOUD_STREAM_KAFKA_BINDER_MIN_PARTITIONS")).isFalse();
        assertThat(access.reads("SIGILLO_ADMIN_OPERATOR_USERNAME")).isFalse();
        assertThat(audit.reads("SIGILLO_ADMIN_OPERATOR_USERNAME")).isTrue();
        assertThat(access.reads("SIGILLO_INDEX_PATH")).isTrue();
        assertThat(audit.reads("SIGILLO_INDEX_PATH")).as("the audit log does not import the index").isFalse();
        assertThat(access.reads("SIGILLO_VIRUS_CLAMD_HOST")).isTrue();
        assertThat(ServiceSettings.of("receipt-service").reads("SIGILLO_VIRUS_CLAMD_HOST")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everySettingAServiceCannotStartWithoutIsSet(String dir) {
        Map<String, Set<String>> missing = new TreeMap<>();
        for (Deployment d : all(build(dir), Deployment.class)) {
            Set<String> environment = container(d).getEnv().stream()
                    .map(e -> e.getValue() == null ? e.getName() : e.getName() + "=" + e.getValue())
                    .collect(Collectors.toSet());
            Set<String> absent = ServiceSettings.of(module(d)).missing(environment);
            if (!absent.isEmpty()) {
                missing.put(module(d), absent);
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void aServiceMissingARequiredSettingIsReported() {
        ServiceSettings audit = ServiceSettings.of("audit-log-service");

        Set<String> identity = Set.of("SIGILLO_PROVIDER_NAME", "SIGILLO_PROVIDER_DOMAIN");

        assertThat(audit.missing(Set.of("SIGILLO_ADMIN_USERNAME", "SIGILLO_ADMIN_PASSWORD")))
                .containsExactly("sigillo.provider.domain", "sigillo.provider.name");
        assertThat(audit.missing(union(identity, "SIGILLO_ADMIN_USERNAME"))).containsExactly("sigillo.admin.password");
        assertThat(audit.missing(union(identity, "SIGILLO_ADMIN_USERNAME", "SIGILLO_ADMIN_PASSWORD"))).isEmpty();
        assertThat(audit.missing(union(identity, "SPRING_PROFILES_ACTIVE=local")))
                .as("the demo profile has the admin credentials").isEmpty();
    }

    private static Set<String> union(Set<String> set, String... more) {
        Set<String> out = new TreeSet<>(set);
        out.addAll(List.of(more));
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void portsAndProbesAreTheOnesTheServicesServe(String dir) {
        List<HasMetadata> resources = build(dir);
        for (Deployment d : all(resources, Deployment.class)) {
            ServiceSettings settings = ServiceSettings.of(module(d));
            Container c = container(d);
            Map<String, Integer> ports = c.getPorts().stream()
                    .collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
            Map<String, Integer> expected = new TreeMap<>(Map.of("http", settings.httpPort()));
            expected.putAll(settings.mailPorts());
            assertEquals(expected, new TreeMap<>(ports), module(d));

            assertProbe(c.getStartupProbe(), "/actuator/health/liveness", module(d));
            assertProbe(c.getLivenessProbe(), "/actuator/health/liveness", module(d));
            assertProbe(c.getReadinessProbe(), "/actuator/health/readiness", module(d));
            // Ready when its database and Kafka are; the webmail, which has neither, when it is up.
            assertThat(settings.applicationYml())
                    .containsEntry("management.endpoint.health.probes.enabled", true)
                    .containsEntry("management.endpoint.health.group.liveness.include", "livenessState")
                    .containsEntry("management.endpoint.health.group.readiness.include",
                            ServiceSettings.WEBMAIL.containsKey(module(d)) ? "readinessState"
                                    : "readinessState,db,binders");
        }
        List<PodTemplateSpec> pods = new ArrayList<>();
        all(resources, Deployment.class).forEach(d -> pods.add(d.getSpec().getTemplate()));
        all(resources, StatefulSet.class).forEach(d -> pods.add(d.getSpec().getTemplate()));
        for (Service s : all(resources, Service.class)) {
            PodTemplateSpec target = pods.stream()
                    .filter(t -> t.getMetadata().getLabels().entrySet().containsAll(s.getSpec().getSelector().entrySet()))
                    .findFirst().orElseThrow(() -> new AssertionError(s.getMetadata().getName() + " selects no pod"));
            Set<String> portNames = target.getSpec().getContainers().get(0).getPorts().stream()
                    .map(ContainerPort::getName).collect(Collectors.toSet());
            for (ServicePort p : s.getSpec().getPorts()) {
                assertThat(portNames).as("%s targets a named port", s.getMetadata().getName())
                        .contains(p.getTargetPort().getStrVal());
            }
        }
        for (Ingress ingress : all(resources, Ingress.class)) {
            ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path -> {
                var backend = path.getBackend().getService();
                Service s = all(resources, Service.class).stream()
                        .filter(x -> x.getMetadata().getName().equals(backend.getName())).findFirst()
                        .orElseThrow(() -> new AssertionError(path.getPath() + " goes to a missing Service"));
                assertThat(s.getSpec().getPorts()).extracting(ServicePort::getName)
                        .contains(backend.getPort().getName());
            }));
        }
    }

    private static void assertProbe(Probe probe, String path, String module) {
        assertThat(probe).as("%s probe on %s", module, path).isNotNull();
        assertEquals(path, probe.getHttpGet().getPath(), module);
        assertEquals("http", probe.getHttpGet().getPort().getStrVal(), module);
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void podsRunAsNonRootOnAReadOnlyRootWithLimitsAndADisruptionBudget(String dir) {
        List<HasMetadata> resources = build(dir);
        for (Deployment d : all(resources, Deployment.class)) {
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            Container c = container(d);
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(module(d)).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as(module(d)).isEqualTo(10001L);
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(module(d)).isTrue();
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(module(d)).isFalse();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).as(module(d)).containsExactly("ALL");
            assertThat(c.getResources().getRequests()).as(module(d)).containsKeys("cpu", "memory");
            assertThat(c.getResources().getLimits()).as(module(d)).containsKeys("cpu", "memory");
            // The JVM and Tomcat write temporary files; with a read-only root /tmp must be a volume.
            assertThat(c.getVolumeMounts()).as(module(d)).extracting(VolumeMount::getMountPath).contains("/tmp");
            assertThat(all(resources, PodDisruptionBudget.class)).as(module(d)).anySatisfy(pdb -> assertThat(
                    d.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void aJobGivesKafkaTheUserEachServiceLogsInAsAndNothingMore(String dir) {
        List<HasMetadata> resources = build(dir);
        List<Job> jobs = all(resources, Job.class);
        assertThat(jobs).hasSize(1);
        PodSpec pod = jobs.get(0).getSpec().getTemplate().getSpec();
        Container tool = pod.getContainers().get(0);
        Map<String, EnvVar> toolEnv = tool.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));

        assertThat(tool.getCommand()).contains(KafkaProvisioningTool.class.getName());
        assertThat(toolEnv.keySet()).isSubsetOf(KafkaProvisioningTool.VARIABLES);
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(tool.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        String passwords = toolEnv.get("SIGILLO_KAFKA_PASSWORDS_DIR").getValue();
        VolumeMount mount = tool.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(passwords))
                .findFirst().orElseThrow();
        Volume users = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                .orElseThrow();
        String secret = users.getSecret().getSecretName();
        // The users the tool makes are the services deployed, each logging in as itself with its key of that secret,
        // and the console, which replays dead letters (ADR 0037); the owners' webmail is no Kafka client.
        List<Deployment> deployments = all(resources, Deployment.class).stream()
                .filter(d -> ServiceSettings.SERVICES.containsKey(module(d))).toList();
        Deployment webmail = deployment(resources, "webmail");
        assertThat(container(webmail).getEnv()).extracting(EnvVar::getName).noneMatch(name -> name.contains("KAFKA"));
        Map<String, EnvVar> console = container(deployment(resources, "console")).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, e -> e));
        var consolePassword = console.get("SIGILLO_CONSOLE_KAFKA_PASSWORD").getValueFrom().getSecretKeyRef();
        assertThat(consolePassword.getName()).isEqualTo(secret);
        assertThat(consolePassword.getKey()).isEqualTo(PlatformGrants.CONSOLE.service());
        assertThat(console.get("SIGILLO_CONSOLE_KAFKA_BOOTSTRAP_SERVERS").getValueFrom().getConfigMapKeyRef().getKey())
                .isEqualTo(toolEnv.get("SPRING_KAFKA_BOOTSTRAP_SERVERS").getValueFrom().getConfigMapKeyRef().getKey());
        assertThat(console.get("SIGILLO_CONSOLE_KAFKA_SECURITY_PROTOCOL").getValueFrom().getConfigMapKeyRef()
                .getKey()).isEqualTo(toolEnv.get("SIGILLO_KAFKA_SECURITY_PROTOCOL").getValueFrom()
                        .getConfigMapKeyRef().getKey());
        assertThat(PlatformGrants.PRINCIPALS).extracting(ServiceGrants::service)
                .containsExactlyInAnyOrderElementsOf(Stream.concat(deployments.stream()
                        .map(KubernetesManifestsTest::module), Stream.of("console")).toList());
        for (Deployment d : deployments) {
            Map<String, EnvVar> env = container(d).getEnv().stream()
                    .collect(Collectors.toMap(EnvVar::getName, e -> e));
            var password = env.get("SIGILLO_KAFKA_PASSWORD").getValueFrom().getSecretKeyRef();
            assertThat(password.getName()).as(module(d)).isEqualTo(secret);
            assertThat(password.getKey()).as(module(d)).isEqualTo(module(d));
            assertThat(env.get("SIGILLO_KAFKA_SECURITY_PROTOCOL").getValueFrom().getConfigMapKeyRef().getKey())
                    .isEqualTo(toolEnv.get("SIGILLO_KAFKA_SECURITY_PROTOCOL").getValueFrom().getConfigMapKeyRef()
                            .getKey());
            assertThat(env.get("SPRING_CLOUD_STREAM_KAFKA_BINDER_MIN_PARTITION_COUNT").getValueFrom()
                    .getConfigMapKeyRef().getKey()).as("topics made with the partitions the binder wants")
                    .isEqualTo(toolEnv.get("SIGILLO_KAFKA_PARTITIONS").getValueFrom().getConfigMapKeyRef().getKey());
        }
    }

    @Test
    void inProductionEveryKafkaClientSpeaksTlsAndTrustsTheClustersCaFromAMountedSecret() {
        List<HasMetadata> resources = build("overlays/prod");
        ConfigMap config = all(resources, ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals("sigillo-config")).findFirst().orElseThrow();
        assertThat(config.getData()).containsEntry("kafka.security-protocol", "SASL_SSL");
        Map<String, PodSpec> pods = new TreeMap<>();
        all(resources, Deployment.class).stream().filter(d -> ServiceSettings.SERVICES.containsKey(module(d)))
                .forEach(d -> pods.put(module(d), d.getSpec().getTemplate().getSpec()));
        all(resources, Job.class).forEach(j -> pods.put(j.getMetadata().getName(), j.getSpec().getTemplate().getSpec()));
        pods.put("console", deployment(resources, "console").getSpec().getTemplate().getSpec());
        pods.forEach((name, pod) -> {
            Container c = pod.getContainers().get(0);
            Map<String, String> env = new TreeMap<>();
            c.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));
            String trustStore = env.containsKey("SPRING_KAFKA_SSL_TRUST_STORE_LOCATION")
                    ? env.get("SPRING_KAFKA_SSL_TRUST_STORE_LOCATION").replaceFirst("^file:", "")
                    : env.getOrDefault("SIGILLO_KAFKA_SSL_TRUSTSTORE_LOCATION",
                            env.get("SIGILLO_CONSOLE_KAFKA_TRUSTSTORE_LOCATION"));
            assertThat(trustStore).as(name).isNotNull();
            VolumeMount mount = c.getVolumeMounts().stream().filter(m -> trustStore.startsWith(m.getMountPath() + "/"))
                    .findFirst().orElseThrow(() -> new AssertionError(name + ": " + trustStore + " is in no volume"));
            assertThat(pod.getVolumes()).as(name).anySatisfy(v -> {
                assertThat(v.getName()).isEqualTo(mount.getName());
                assertThat(v.getSecret().getSecretName()).isEqualTo("sigillo-kafka-ca");
            });
        });
        assertThat(pods).hasSize(7);
        assertThat(all(build("base"), ConfigMap.class)).anySatisfy(c -> assertThat(c.getData())
                .containsEntry("kafka.security-protocol", "SASL_PLAINTEXT"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void filesTheSettingsNameAreInMountedVolumes(String dir) {
        for (Deployment d : all(build(dir), Deployment.class)) {
            Container c = container(d);
            Set<String> volumes = d.getSpec().getTemplate().getSpec().getVolumes().stream().map(Volume::getName)
                    .collect(Collectors.toSet());
            for (EnvVar env : c.getEnv()) {
                if (env.getValue() != null && env.getValue().startsWith("/")) {
                    VolumeMount mount = c.getVolumeMounts().stream()
                            .filter(m -> env.getValue().startsWith(m.getMountPath() + "/")).findFirst()
                            .orElseThrow(() -> new AssertionError(module(d) + " " + env.getName() + "="
                                    + env.getValue() + " is in no mounted volume"));
                    assertThat(volumes).as(module(d)).contains(mount.getName());
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev"})
    void networkPoliciesLetInOnlySmtpAndTheApiFromTheIngressController(String dir) {
        List<NetworkPolicy> policies = all(build(dir), NetworkPolicy.class);
        assertThat(policies).anySatisfy(p -> {
            assertThat(p.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/part-of",
                    "sigillo");
            assertThat(p.getSpec().getPolicyTypes()).containsExactly("Ingress");
            assertThat(p.getSpec().getIngress()).isEmpty();
        });
        Set<String> openings = new TreeSet<>();
        for (NetworkPolicy p : policies) {
            var selector = p.getSpec().getPodSelector();
            Set<String> pods = new TreeSet<>();
            if (selector.getMatchLabels() != null && selector.getMatchLabels().containsKey("app.kubernetes.io/name")) {
                pods.add(selector.getMatchLabels().get("app.kubernetes.io/name"));
            } else if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
                selector.getMatchExpressions().forEach(e -> pods.addAll(e.getValues()));
            } else {
                pods.add("*");
            }
            for (NetworkPolicyIngressRule rule : p.getSpec().getIngress()) {
                String from = rule.getFrom() == null || rule.getFrom().isEmpty() ? "anywhere"
                        : rule.getFrom().stream().map(f -> f.getNamespaceSelector() != null
                                ? f.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name")
                                : f.getPodSelector() != null
                                        ? f.getPodSelector().getMatchLabels().get("app.kubernetes.io/name") : "pods?")
                        .collect(Collectors.joining(","));
                for (String pod : pods) {
                    for (NetworkPolicyPort port : rule.getPorts()) {
                        openings.add(pod + ":" + port.getPort().getStrVal() + " from " + from);
                    }
                }
            }
        }
        assertThat(openings).containsExactlyInAnyOrder(
                "incoming-point-service:smtp from anywhere",
                "access-point-service:submission from anywhere",
                "access-point-service:submissions from anywhere",
                "access-point-service:http from ingress-nginx",
                "delivery-point-service:http from ingress-nginx",
                "audit-log-service:http from ingress-nginx",
                "dovecot:imap from anywhere",
                "dovecot:imaps from anywhere",
                "dovecot:pop3 from anywhere",
                "dovecot:pop3s from anywhere",
                "delivery-point-service:http from dovecot",
                "webmail:http from ingress-nginx",
                "access-point-service:http from webmail",
                "delivery-point-service:http from webmail",
                "console:http from ingress-nginx",
                "audit-log-service:http from console",
                "delivery-point-service:http from console",
                "access-point-service:http from console");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void dovecotRunsAsNonRootAndTheDeliveryPointAndItShareTheirKeysAndFindEachOther(String dir) {
        List<HasMetadata> resources = build(dir);
        StatefulSet dovecot = all(resources, StatefulSet.class).stream()
                .filter(s -> s.getMetadata().getName().equals("dovecot")).findFirst().orElseThrow();
        PodSpec pod = dovecot.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getVolumeMounts()).extracting(VolumeMount::getMountPath)
                .contains("/var/lib/sigillo-dovecot", "/tmp");
        assertThat(dovecot.getSpec().getVolumeClaimTemplates()).extracting(v -> v.getMetadata().getName())
                .containsExactly("mail");
        // Unprivileged, it listens above 1024 on the ports the container declares.
        Map<String, Integer> ports = c.getPorts().stream()
                .collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
        assertThat(ports).containsEntry("imaps", Integer.valueOf(env(c, "SIGILLO_DOVECOT_IMAPS_PORT").getValue()))
                .containsEntry("imap", Integer.valueOf(env(c, "SIGILLO_DOVECOT_IMAP_PORT").getValue()));
        assertThat(ports.values()).allMatch(port -> port > 1024);

        Container delivery = all(resources, Deployment.class).stream()
                .filter(d -> module(d).equals("delivery-point-service")).map(KubernetesManifestsTest::container)
                .findFirst().orElseThrow();
        for (String shared : List.of("SIGILLO_DOVECOT_AUTH_KEY", "SIGILLO_DOVECOT_MASTER_PASSWORD")) {
            assertThat(env(c, shared).getValueFrom().getSecretKeyRef())
                    .isEqualTo(env(delivery, shared).getValueFrom().getSecretKeyRef());
        }
        assertThat(env(c, "SIGILLO_DOVECOT_AUTH_URL").getValue()).isEqualTo("http://delivery-point:8082");
        Service service = all(resources, Service.class).stream()
                .filter(s -> s.getMetadata().getName().equals(env(delivery, "SIGILLO_DOVECOT_HOST").getValue()))
                .findFirst().orElseThrow();
        assertThat(service.getSpec().getPorts()).anySatisfy(p -> {
            assertThat(p.getPort()).isEqualTo(Integer.valueOf(env(delivery, "SIGILLO_DOVECOT_IMAPS_PORT").getValue()));
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("imaps");
        });
    }

    private static EnvVar env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no " + name));
    }

    @Test
    void theProductionOverlayPublishesSmtpAndPullsReleaseImages() {
        List<HasMetadata> prod = build("overlays/prod");
        Service smtp = all(prod, Service.class).stream()
                .filter(s -> s.getMetadata().getName().equals("incoming-point-smtp")).findFirst().orElseThrow();
        assertEquals("LoadBalancer", smtp.getSpec().getType());
        assertEquals(25, smtp.getSpec().getPorts().get(0).getPort());
        Service submission = all(prod, Service.class).stream()
                .filter(s -> s.getMetadata().getName().equals("access-point-submission")).findFirst().orElseThrow();
        assertEquals("LoadBalancer", submission.getSpec().getType());
        assertThat(submission.getSpec().getPorts()).extracting(p -> p.getPort() + "->" + p.getTargetPort().getStrVal())
                .containsExactly("587->submission", "465->submissions");
        assertThat(all(prod, Deployment.class)).allSatisfy(d -> {
            assertThat(container(d).getImage()).startsWith("registry.example.com/").doesNotContain("SNAPSHOT");
            assertEquals("sigillo", d.getMetadata().getNamespace());
        });
        assertThat(all(prod, Ingress.class)).hasSize(4)
                .allSatisfy(ingress -> assertThat(ingress.getSpec().getTls()).isNotEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void theAdminApisAreNeverOnThePublicIngressOnlyOnAnInternalOne(String dir) {
        List<Ingress> ingresses = all(build(dir), Ingress.class);
        Map<String, List<Ingress>> byClass = ingresses.stream()
                .collect(Collectors.groupingBy(i -> i.getSpec().getIngressClassName()));
        assertThat(byClass).containsOnlyKeys("nginx", "nginx-internal");
        Map<String, String> publicPaths = new TreeMap<>();
        byClass.get("nginx").forEach(i -> i.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths()
                .forEach(path -> publicPaths.put(rule.getHost() + path.getPath(), path.getBackend().getService()
                        .getName()))));
        Map<String, String> adminPaths = new TreeMap<>();
        byClass.get("nginx-internal").forEach(i -> i.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths()
                .forEach(path -> adminPaths.put(rule.getHost() + path.getPath(), path.getBackend().getService()
                        .getName()))));
        // The public APIs, the documents with which mail clients set themselves up (ADR 0025), and the webmail on a
        // host of its own, whose pages are all it serves.
        assertThat(publicPaths).isNotEmpty().allSatisfy((where, service) -> {
            String path = where.substring(where.indexOf('/'));
            boolean webmail = where.startsWith("webmail.") && path.equals("/") && service.equals("webmail");
            assertThat(webmail || path.startsWith("/api/") || List.of("/apple/mail.mobileconfig",
                    "/mail/config-v1.1.xml", "/autodiscover/autodiscover.xml", "/Autodiscover/Autodiscover.xml")
                    .contains(path)).as(where).isTrue();
        });
        assertThat(publicPaths).containsValue("webmail");
        // The admin APIs, and the staff's console on a host of its own (ADR 0036), only from private addresses.
        assertThat(adminPaths).isNotEmpty().allSatisfy((where, service) -> {
            String path = where.substring(where.indexOf('/'));
            boolean console = where.startsWith("console.") && path.equals("/") && service.equals("console");
            assertThat(console || path.startsWith("/admin/")).as(where).isTrue();
        });
        assertThat(adminPaths).containsValue("console");
        assertThat(publicPaths).doesNotContainValue("console");
        assertThat(byClass.get("nginx-internal")).hasSize(2).allSatisfy(internal -> assertThat(
                internal.getMetadata().getAnnotations())
                .containsKey("nginx.ingress.kubernetes.io/whitelist-source-range"));
        Set<String> internalHosts = adminPaths.keySet().stream().map(where -> where.substring(0, where.indexOf('/')))
                .collect(Collectors.toSet());
        assertThat(byClass.get("nginx")).allSatisfy(i -> assertThat(i.getSpec().getRules()).allSatisfy(rule ->
                assertThat(internalHosts).doesNotContain(rule.getHost())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void theBuildIsTheOneKubectlKustomizeMakes(String dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Kubectl.available(), "kubectl is not installed");
        Map<String, Object> ours = byIdentity(Kustomization.build(Project.root().resolve("k8s").resolve(dir)));
        Map<String, Object> theirs = byIdentity(Kubectl.kustomize(Project.root().resolve("k8s").resolve(dir)));
        assertEquals(theirs, ours);
    }

    private static Map<String, Object> byIdentity(List<Map<String, Object>> resources) {
        Map<String, Object> out = new TreeMap<>();
        resources.forEach(r -> out.put(r.get("kind") + "/" + Kustomization.name(r), r));
        return out;
    }

    @Test
    void aKustomizeFieldTheseChecksDoNotModelIsRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                configMapGenerator:
                  - name: x
                    literals: [a=b]
                """);

        assertThatThrownBy(() -> Kustomization.build(dir)).hasMessageContaining("configMapGenerator");
    }

    @Test
    void aMisspelledFieldIsReported(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: [svc.yaml]\n");
        Files.writeString(dir.resolve("svc.yaml"), """
                apiVersion: v1
                kind: Service
                metadata:
                  name: x
                spec:
                  ports:
                    - name: http
                      port: 80
                      targetPorts: http
                """);

        assertThatThrownBy(() -> KubernetesModel.typed(Kustomization.build(dir).get(0)))
                .hasMessageContaining("targetPorts");
    }
}
