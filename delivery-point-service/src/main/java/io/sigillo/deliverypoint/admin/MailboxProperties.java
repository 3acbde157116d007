package io.sigillo.deliverypoint.admin;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Mailbox settings of this provider.
 *
 * @param defaultQuotaBytes the quota of a mailbox created without one
 * @param demo              demo mailboxes created at start-up when missing (local runs only)
 */
@ConfigurationProperties("sigillo.mailbox")
@Validated
public record MailboxProperties(@Positive long defaultQuotaBytes,
        @Valid List<DemoMailbox> demo) {

    public MailboxProperties {
        demo = demo == null ? List.of() : List.copyOf(demo);
    }

    /** A demo mailbox and its password. */
    public record DemoMailbox(@NotBlank String address, @NotBlank String password) {
    }
}
