package io.sigillo.support.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmtpTlsTest {

    @Test
    void aMissingExtraCaFileLeavesTheJdkCasAndAnUnreadableOneIsAnError(@TempDir Path dir) throws Exception {
        assertThat(SmtpTls.clientSocketFactory(dir.resolve("never-created.pem"))).isNotNull();

        Path broken = Files.writeString(dir.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nnot base64\n");
        assertThatThrownBy(() -> SmtpTls.clientSocketFactory(broken)).hasMessageContaining("broken.pem");
    }
}
