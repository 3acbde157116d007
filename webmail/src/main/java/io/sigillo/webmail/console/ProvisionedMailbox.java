package io.sigillo.webmail.console;

import java.time.Instant;
import java.util.List;

/** A mailbox as the delivery point shows it to its provisioning operator ({@code /admin/v1/mailboxes}). */
public record ProvisionedMailbox(String address, long quotaBytes, long usedBytes, Instant createdAt,
        boolean twoFactor, boolean active, Instant disabledAt) {

    /** A page of mailboxes in address order, and how many match in all. */
    public record Page(List<ProvisionedMailbox> mailboxes, int page, int size, long total) {

        public Page {
            mailboxes = mailboxes == null ? List.of() : List.copyOf(mailboxes);
        }

        /** Whether a page comes before this one. */
        public boolean hasPrevious() {
            return page > 0;
        }

        /** Whether a page comes after this one. */
        public boolean hasNext() {
            return (long) (page + 1) * size < total;
        }
    }
}
