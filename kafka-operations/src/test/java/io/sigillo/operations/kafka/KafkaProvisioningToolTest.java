package io.sigillo.operations.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the provisioning tool says before it touches a broker when it is told too little. */
class KafkaProvisioningToolTest {

    @Test
    void aServiceWithoutAPasswordIsNamedBeforeAnythingIsProvisioned() {
        Map<String, String> env = Map.of("SPRING_KAFKA_BOOTSTRAP_SERVERS", "localhost:1",
                "SIGILLO_KAFKA_ADMIN_PASSWORD", "secret",
                "SIGILLO_KAFKA_PASSWORD_ACCESS_POINT_SERVICE", "a");

        assertThatThrownBy(() -> KafkaProvisioningTool.provision(env))
                .hasMessage("SIGILLO_KAFKA_PASSWORD_RECEIPT_SERVICE is not set");
    }

    @Test
    void aPasswordDirectoryWithoutTheServicesFileIsRefusedUnlessTheToolMayMakeOne(@TempDir Path passwords) {
        Map<String, String> env = Map.of("SPRING_KAFKA_BOOTSTRAP_SERVERS", "localhost:1",
                "SIGILLO_KAFKA_ADMIN_PASSWORD", "secret", "SIGILLO_KAFKA_PASSWORDS_DIR", passwords.toString());

        assertThatThrownBy(() -> KafkaProvisioningTool.provision(env))
                .hasMessage("no password for access-point-service in " + passwords);
        assertThat(passwords).isEmptyDirectory();
    }

    @Test
    void withoutAnAdminPasswordOperatorsToolsConnectWithoutALogin() {
        assertThat(KafkaProvisioningTool.administrator(Map.of())).isEmpty();
        assertThat(KafkaProvisioningTool.administrator(Map.of("SIGILLO_KAFKA_ADMIN_PASSWORD", "secret",
                "SIGILLO_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"))).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    }
}
