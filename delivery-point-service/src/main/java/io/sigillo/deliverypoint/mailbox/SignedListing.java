package io.sigillo.deliverypoint.mailbox;

import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.message.MessageFacts;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a delivery takes from a message's signed content, never from the outer headers a replay can change: the key
 * that recognises a second copy, the sender a listing shows, the PEC type, and what a receipt reports on, by which
 * its sender follows a sent message.
 *
 * @param key             the same for every copy of one certified message: an envelope's identifier, a receipt's
 *                        identity derived from the facts it signs
 * @param from            the certified sender of an envelope; null for a receipt, whose listed sender is the address
 *                        of its From header, in a domain its signer serves (the incoming point checked that)
 * @param pecType         the type the signed content states (its daticert.xml, or what this provider signed it as)
 * @param concerning      a receipt's or notice's recipients: all of the original's for an acceptance or a
 *                        non-acceptance, those it covers for the others; empty for an envelope
 * @param external        an acceptance's recipients that are ordinary mail, which no receipt will follow
 * @param originalSubject a receipt's original subject, as its signed facts state it; null for an envelope
 */
public record SignedListing(String key, String from, PecType pecType, List<String> concerning, List<String> external,
        String originalSubject) {

    public SignedListing {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(pecType, "pecType");
        concerning = concerning == null ? List.of() : List.copyOf(concerning);
        external = external == null ? List.of() : List.copyOf(external);
    }

    /** A transport envelope: known by its PEC identifier, listed under the sender its daticert.xml names. */
    public static SignedListing envelope(MessageFacts facts) {
        return new SignedListing(facts.identifier().asHeader(), facts.sender(), PecType.TRANSPORT_ENVELOPE, List.of(),
                List.of(), null);
    }

    /**
     * A signed message announced to the delivery point. One signed here is known by its Message-ID, which the receipt
     * service derived from the facts it certifies; one received is known by an identity derived the same way from
     * what its issuer signed (issuer, identifier, type, the recipients it reports on), as its own Message-ID is
     * outside the signature. An anomaly envelope is listed under the sender the rejected message claimed, marked by
     * its type as not certified.
     */
    public static SignedListing of(ProviderMessageSigned signed, String localDomain) {
        String from = signed.type() == PecType.ANOMALY_ENVELOPE || signed.isEnvelope() ? signed.facts().sender() : null;
        MessageIdentifier key = signed.issuer().equalsIgnoreCase(localDomain) ? signed.signedMessageId()
                : MessageIdentifier.derived(signed.issuer(), "ricevuta", signed.identifier().value(),
                        signed.type().headerValue(), String.join(",", signed.concerning().stream()
                                .map(a -> a.toLowerCase(Locale.ROOT)).sorted().toList()));
        if (signed.type().isEnvelope()) {
            return new SignedListing(key.asHeader(), from, signed.type(), List.of(), List.of(), null);
        }
        boolean acceptance = signed.type() == PecType.ACCEPTANCE || signed.type() == PecType.NON_ACCEPTANCE;
        List<String> concerning = acceptance
                ? signed.facts().recipients().stream().map(Recipient::address).toList() : signed.concerning();
        List<String> external = acceptance ? signed.facts().recipients().stream()
                .filter(r -> r.kind() == Recipient.Kind.ESTERNO).map(Recipient::address).toList() : List.of();
        return new SignedListing(key.asHeader(), from, signed.type(), concerning, external, signed.facts().subject());
    }
}
