package io.sigillo.deliverypoint.mailbox;

import io.sigillo.blob.BlobStore;
import io.sigillo.pec.event.BlobRef;
import io.sigillo.pec.format.Addresses;
import io.sigillo.pec.format.PecHeaders;
import io.sigillo.pec.message.HeaderText;
import io.sigillo.pec.message.OriginalMessage;
import io.sigillo.support.Redeliveries;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Puts messages already in the blob store into mailboxes: the ledger rows, and the messages kept where the mailboxes
 * are ({@link MailboxContents}), in one transaction. Delivering the same certified message twice stores it once,
 * however its outer headers were changed on the way.
 */
@Service
public class MailboxDelivery {

    /**
     * How many bytes of messages for one mailbox a round holds and keeps in one go (one MULTIAPPEND to Dovecot), its
     * Sent copies too: receipts by the dozen, where a large message goes on its own, so a round never holds two large
     * messages (ADR 0018).
     */
    public static final int BYTES_KEPT_AT_ONCE = 1 << 20;

    /** What happened to one delivery. */
    public enum Result {
        /** Stored. */
        DELIVERED,
        /** The mailbox already held this certified message (same signed key): nothing stored again. */
        ALREADY_DELIVERED,
        /** No mailbox has this address. */
        UNKNOWN_MAILBOX,
        /** Storing it would exceed the mailbox's quota. */
        MAILBOX_FULL
    }

    /**
     * One message for one mailbox.
     *
     * @param address the mailbox's address, as the routing gave it
     * @param stored  the message (RFC 5322) in the blob store
     * @param signed  what its signed content says, by which it is recognised and listed; its own Subject is listed,
     *                as the incoming point refused any whose Subject contradicts the signed one
     */
    public record Delivery(String address, BlobRef stored, SignedListing signed) {
    }

    private final BlobStore blobs;
    private final MailboxMessages messages;
    private final MailboxContents contents;
    private final JdbcClient jdbc;
    private final Clock clock;

    public MailboxDelivery(BlobStore blobs, MailboxMessages messages, MailboxContents contents, JdbcClient jdbc,
            Clock clock) {
        this.blobs = blobs;
        this.messages = messages;
        this.contents = contents;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Stores {@code raw}, in the blob store as {@code stored}, in the mailbox of {@code address}. */
    @Transactional
    public Result deliver(String address, BlobRef stored, byte[] raw, SignedListing signed) {
        Round round = new Round(1, Redeliveries.mayRepeat());
        round.read(stored, raw);
        round.add(0, new Delivery(address, stored, signed));
        return round.results()[0];
    }

    /**
     * Stores each of {@code deliveries}, in one transaction; the results in their order. {@code mayRepeat}: some may
     * have been handled before (ADR 0029). The messages of one mailbox are kept together, a megabyte at a time.
     */
    @Transactional
    public List<Result> deliverAll(List<Delivery> deliveries, boolean mayRepeat) {
        Map<String, List<Integer>> byMailbox = new LinkedHashMap<>();
        for (int i = 0; i < deliveries.size(); i++) {
            byMailbox.computeIfAbsent(MailboxRepository.normalize(deliveries.get(i).address()), m -> new ArrayList<>())
                    .add(i);
        }
        Round round = new Round(deliveries.size(), mayRepeat);
        for (List<Integer> ofMailbox : byMailbox.values()) {
            for (int i : ofMailbox) {
                round.add(i, deliveries.get(i));
            }
        }
        return List.of(round.results());
    }

    /** The deliveries of one transaction: each written to the ledger when added, kept by mailbox. */
    private final class Round {

        private final Result[] results;
        private final boolean mayRepeat;
        /** Of a certified message delivered twice in this round, the second's result is the first's. */
        private final Map<String, Integer> firstOf = new HashMap<>();
        private final Map<Integer, Integer> sameAs = new HashMap<>();
        private final List<Integer> waiting = new ArrayList<>();
        private final List<UUID> rows = new ArrayList<>();
        private final List<OriginalMessage> held = new ArrayList<>();
        private String mailbox;
        private long heldBytes;
        /** The message read last: an envelope for several local recipients is read once, as they follow each other. */
        private BlobRef read;
        private byte[] raw;

        Round(int size, boolean mayRepeat) {
            this.results = new Result[size];
            this.mayRepeat = mayRepeat;
        }

        /** Takes {@code raw} as the bytes of {@code stored}, already read. */
        void read(BlobRef stored, byte[] raw) {
            this.read = stored;
            this.raw = raw;
        }

        /**
         * Writes delivery {@code index}'s ledger row and holds its message until its mailbox's next keep. What is held
         * is kept before the message is read when it would go past the bound, so a large one is never read beside
         * another.
         */
        void add(int index, Delivery delivery) {
            String address = MailboxRepository.normalize(delivery.address());
            if (!address.equals(mailbox) || heldBytes + delivery.stored().size() > BYTES_KEPT_AT_ONCE) {
                keepAll();
            }
            mailbox = address;
            if (!delivery.stored().equals(read)) {
                raw = null; // let go before the next is read
                read(delivery.stored(), blobs.get(delivery.stored()).orElseThrow(() -> new IllegalStateException(
                        delivery.signed().key() + " for " + delivery.address() + " is not in the blob store")));
            }
            SignedListing signed = delivery.signed();
            OriginalMessage message = OriginalMessage.of(raw);
            // Stored as received: a message with bare line ends is canonicalised for reading, never written again.
            BlobRef blob = message.bytes() == raw ? delivery.stored() : blobs.put(message.bytes());
            String from = signed.from() != null ? signed.from()
                    : Addresses.lenient(message.header("From")).stream().findFirst().orElse(null);
            MailboxEntry facts = new MailboxEntry(null, null, from, message.header("Subject"),
                    signed.pecType().headerValue(), message.header(PecHeaders.X_RIFERIMENTO_MESSAGE_ID),
                    message.size());
            // A Message-ID with control characters cannot be stored or searched for: such a message is listed by IMAP
            // only.
            String messageId = message.messageId() == null || HeaderText.hasControlCharacters(message.messageId())
                    ? null : message.messageId();
            UUID row = UUID.randomUUID();
            String once = address + " " + signed.key();
            if (!messages.insert(row, address, signed, clock.instant(), facts, blob, messageId)) {
                Integer first = firstOf.get(once);
                if (first != null) {
                    sameAs.put(index, first);
                    return;
                }
                // Asked only now: nearly every delivery is to a mailbox that exists, and its insert said so.
                boolean exists = jdbc.sql("SELECT 1 FROM mailboxes WHERE address = ?").param(address)
                        .query(Integer.class).optional().isPresent();
                results[index] = exists ? Result.ALREADY_DELIVERED : Result.UNKNOWN_MAILBOX;
                return;
            }
            firstOf.put(once, index);
            waiting.add(index);
            rows.add(row);
            held.add(message);
            heldBytes += message.size();
        }

        /**
         * Keeps the messages held for the current mailbox. Not locked: the quota is counted by one conditional
         * UPDATE (PostgreSQL) or by Dovecot, which counts every save to the mailbox, mail clients' too; a lock held
         * over Dovecot's round trip made the replicas' deliveries to one mailbox wait for each other.
         */
        void keepAll() {
            if (held.isEmpty()) {
                return;
            }
            List<Boolean> kept = contents.keep(mailbox, List.copyOf(held), mayRepeat);
            for (int i = 0; i < waiting.size(); i++) {
                if (kept.get(i)) {
                    results[waiting.get(i)] = Result.DELIVERED;
                } else {
                    messages.withdraw(rows.get(i));
                    results[waiting.get(i)] = Result.MAILBOX_FULL;
                }
            }
            waiting.clear();
            rows.clear();
            held.clear();
            heldBytes = 0;
        }

        Result[] results() {
            keepAll();
            sameAs.forEach((second, first) -> results[second] = results[first] == Result.DELIVERED
                    ? Result.ALREADY_DELIVERED : results[first]);
            return Arrays.copyOf(results, results.length);
        }
    }
}
