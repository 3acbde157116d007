package io.sigillo.pec.message;

import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.Recipient;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The facts of one original message that every envelope, receipt and notice about it repeats.
 *
 * @param identifier        the PEC message identifier the access point assigned
 * @param sender            the sender's address (From)
 * @param to                primary recipients
 * @param cc                copy recipients
 * @param replyTo           where answers go: the original Reply-To, or the sender
 * @param subject           the original subject, without any prefix
 * @param originalMessageId the user's Message-ID with its angle brackets
 */
public record MessageFacts(
        MessageIdentifier identifier,
        String sender,
        List<Recipient> to,
        List<Recipient> cc,
        String replyTo,
        String subject,
        String originalMessageId) {

    public MessageFacts {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(sender, "sender");
        to = neutralised(to);
        cc = cc == null ? List.of() : neutralised(cc);
        // Whatever a message said of itself is carried into receipts, the log and the mailboxes' rows: never a
        // control character (HeaderText).
        sender = HeaderText.neutralised(sender);
        replyTo = replyTo == null || replyTo.isBlank() ? sender : HeaderText.neutralised(replyTo);
        subject = subject == null ? "" : HeaderText.neutralised(subject);
        originalMessageId = originalMessageId == null ? identifier.asHeader()
                : HeaderText.neutralised(originalMessageId);
    }

    private static List<Recipient> neutralised(List<Recipient> recipients) {
        return recipients.stream().map(r -> HeaderText.hasControlCharacters(r.address())
                ? new Recipient(HeaderText.neutralised(r.address()), r.kind()) : r).toList();
    }

    /** To then Cc. */
    public List<Recipient> recipients() {
        return Stream.concat(to.stream(), cc.stream()).toList();
    }

    /** True when the address is among the Cc recipients and not among the To ones. */
    public boolean isCopyRecipient(String address) {
        return cc.stream().anyMatch(r -> r.address().equalsIgnoreCase(address))
                && to.stream().noneMatch(r -> r.address().equalsIgnoreCase(address));
    }
}
