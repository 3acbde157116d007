package io.sigillo.webmail.console;

import java.time.Instant;
import java.util.List;

/**
 * A signed message of a message, as the log lists it ({@code GET /admin/v1/messages/{id}/receipts}): a receipt,
 * notice or envelope this provider issued (which it can reproduce) or received from another.
 */
public record LoggedReceipt(String receiptId, String type, String issuer, boolean issuedHere,
        List<String> concerning, List<String> deliverTo, Instant signedAt, String sha256, long size) {
}
