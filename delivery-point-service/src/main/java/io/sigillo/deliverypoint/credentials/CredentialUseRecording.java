package io.sigillo.deliverypoint.credentials;

import io.sigillo.pec.event.CredentialUsed;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Records when the access point saw a mailbox's app password or client certificate used (function
 * {@code credentialUsed} ← {@code pec.credential.used}), so the owner's listings show SMTP logins too.
 */
@Configuration(proxyBeanMethods = false)
public class CredentialUseRecording {

    @Bean
    public Consumer<CredentialUsed> credentialUsed(AppPasswordStore appPasswords,
            ClientCertificateStore certificates) {
        return used -> {
            if (used.kind() == CredentialUsed.Kind.APP_PASSWORD) {
                appPasswords.used(used.mailbox(), used.id(), used.at());
            } else {
                certificates.used(used.mailbox(), used.id(), used.at());
            }
        };
    }
}
