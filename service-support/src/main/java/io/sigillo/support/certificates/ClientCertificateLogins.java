package io.sigillo.support.certificates;

import java.time.Instant;
import java.util.Optional;

/** Which mailbox a client certificate opens: the service that checks logins looks its bindings up. */
public interface ClientCertificateLogins {

    /** The mailbox bound to the certificate with this SHA-256 (hex), while it is valid at {@code now}. */
    Optional<String> mailboxOf(String sha256, Instant now);
}
