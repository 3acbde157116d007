package io.sigillo.deliverypoint.credentials;

import io.sigillo.pec.event.CredentialUsed;
import org.springframework.stereotype.Component;

/**
 * Records when the access point saw a mailbox's app password or client certificate used ({@code pec.credential.used},
 * read by the point's one consumer), so the owner's listings show SMTP logins too.
 */
@Component
public class CredentialUseRecording {

    private final AppPasswordStore appPasswords;
    private final ClientCertificateStore certificates;

    public CredentialUseRecording(AppPasswordStore appPasswords, ClientCertificateStore certificates) {
        this.appPasswords = appPasswords;
        this.certificates = certificates;
    }

    /** Notes the use {@code used} on the credential it names. */
    public void record(CredentialUsed used) {
        if (used.kind() == CredentialUsed.Kind.APP_PASSWORD) {
            appPasswords.used(used.mailbox(), used.id(), used.at());
        } else {
            certificates.used(used.mailbox(), used.id(), used.at());
        }
    }
}
