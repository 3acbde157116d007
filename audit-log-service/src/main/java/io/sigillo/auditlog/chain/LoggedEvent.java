package io.sigillo.auditlog.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;

/**
 * One row of the log as the hash chain sees it: every stored field, in a fixed order. Its hash covers the
 * previous row's hash and all of these, so changing, removing or reordering a row breaks the chain there.
 *
 * @param month      the month of its chain (and partition): the first day of the month it was recorded in, UTC
 * @param chainSeq   its position in the month's chain, from 1
 * @param eventId    the event's unique id
 * @param identifier the PEC message identifier
 * @param originalMessageId the user's Message-ID, may be null
 * @param type       what happened
 * @param actor      the service that saw it
 * @param provider   whose log, may be null
 * @param sender     may be null
 * @param recipients may be empty
 * @param subject    may be null
 * @param issuedMessageIds may be empty
 * @param detail     may be null
 * @param occurredAt when it happened (microseconds, as PostgreSQL keeps it)
 * @param recordedAt when the log recorded it (microseconds)
 */
public record LoggedEvent(LocalDate month, long chainSeq, String eventId, String identifier,
        String originalMessageId, String type, String actor, String provider, String sender, List<String> recipients,
        String subject, List<String> issuedMessageIds, String detail, Instant occurredAt, Instant recordedAt) {

    public LoggedEvent {
        recipients = List.copyOf(recipients);
        issuedMessageIds = List.copyOf(issuedMessageIds);
    }

    /** The hash a month's chain starts from. */
    public static String genesis(LocalDate month) {
        return sha256("sigillo-log-genesis|" + month);
    }

    /** This row's hash, chained to {@code previousHash}. */
    public String hash(String previousHash) {
        StringBuilder canonical = new StringBuilder(previousHash).append('\n');
        field(canonical, month.toString());
        field(canonical, Long.toString(chainSeq));
        field(canonical, eventId);
        field(canonical, identifier);
        field(canonical, originalMessageId);
        field(canonical, type);
        field(canonical, actor);
        field(canonical, provider);
        field(canonical, sender);
        list(canonical, recipients);
        field(canonical, subject);
        list(canonical, issuedMessageIds);
        field(canonical, detail);
        field(canonical, occurredAt.toString());
        field(canonical, recordedAt.toString());
        return sha256(canonical.toString());
    }

    // Length-prefixed, so no value can imitate a field boundary; null differs from empty.
    private static void field(StringBuilder out, String value) {
        if (value == null) {
            out.append("-1:");
        } else {
            out.append(value.length()).append(':').append(value);
        }
        out.append('|');
    }

    private static void list(StringBuilder out, List<String> values) {
        out.append('[').append(values.size()).append(']');
        values.forEach(v -> field(out, v));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
