package io.sigillo.incomingpoint.expected;

import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.pec.format.PecType;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The receipts this provider waits for: for each transport envelope it signed, one per recipient at another provider,
 * from the sender the envelope names. A receipt from another provider is ours to deliver only when it reports on
 * such a recipient of such a message, for that sender (ADR 0021): a genuine receipt about anything else, replayed or
 * sent by a careless provider, never reaches a mailbox as certified.
 */
@Repository
public class ExpectedReceipts {

    /** What the table says of a receipt. */
    public sealed interface Expectation {
    }

    /** Every recipient it reports on is one we sent the message to, at another provider, for its sender. */
    public record Expected() implements Expectation {
    }

    /** We know no message with its identifier: not yet (the envelope's announcement is still on its way), or never. */
    public record Unknown() implements Expectation {
    }

    /** We know the message, and the receipt says something it cannot: why. */
    public record Contradicted(String reason) implements Expectation {
    }

    private final JdbcClient jdbc;

    public ExpectedReceipts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Notes what a signed transport envelope makes us wait for; anything else this provider signed changes nothing.
     * No transaction: each row stands alone and a retry adds what is missing, and most of what this provider signs
     * (receipts, envelopes for its own mailboxes) would otherwise cost an empty one.
     */
    public void note(ProviderMessageSigned signed) {
        if (signed.type() != PecType.TRANSPORT_ENVELOPE) {
            return;
        }
        String sender = signed.facts().sender().toLowerCase(Locale.ROOT);
        for (String recipient : signed.routing().otherProviders()) {
            jdbc.sql("INSERT INTO expected_receipts (identifier, recipient, sender, signed_at) VALUES (?, ?, ?, ?) "
                            + "ON CONFLICT (identifier, recipient) DO NOTHING")
                    .params(signed.identifier().value(), recipient.toLowerCase(Locale.ROOT), sender,
                            Timestamp.from(signed.signedAt()))
                    .update();
        }
    }

    /** Whether a receipt about message {@code identifier} of {@code sender}, reporting on {@code concerning}, is ours. */
    public Expectation check(String identifier, String sender, List<String> concerning) {
        Map<String, String> senderOf = jdbc.sql("SELECT recipient, sender FROM expected_receipts WHERE identifier = ?")
                .param(identifier)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        if (senderOf.isEmpty()) {
            return new Unknown();
        }
        if (concerning.isEmpty()) {
            return new Contradicted("it reports on no recipient");
        }
        for (String recipient : concerning) {
            String expectedSender = senderOf.get(recipient.toLowerCase(Locale.ROOT));
            if (expectedSender == null) {
                return new Contradicted("the message " + identifier + " was not sent to " + recipient
                        + " at another provider");
            }
            if (!expectedSender.equalsIgnoreCase(sender)) {
                return new Contradicted("the message " + identifier + " was sent by " + expectedSender + ", not by "
                        + sender);
            }
        }
        return new Expected();
    }

    /** Forgets what was signed before {@code cutoff}; returns how many rows went. */
    public int forgetBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM expected_receipts WHERE signed_at < ?").param(Timestamp.from(cutoff)).update();
    }
}
