package io.sigillo.pec.format;

import java.util.Objects;

/** The issuing provider (gestore): its legal name and the domain its PEC address lives in. */
public record Provider(String name, String domain) {

    public Provider {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(domain, "domain");
    }

    /** The provider's own address, sender of every receipt: {@code posta-certificata@domain}. */
    public String mailbox() {
        return PecHeaders.PROVIDER_MAILBOX + "@" + domain;
    }
}
