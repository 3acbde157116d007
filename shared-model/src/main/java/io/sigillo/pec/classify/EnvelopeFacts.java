package io.sigillo.pec.classify;

import io.sigillo.pec.daticert.Daticert;
import io.sigillo.pec.format.Addresses;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.PecHeaders;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.message.MessageFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The facts of a verified transport envelope: identifier, sender, subject and recipient kinds from its signed
 * daticert, the To/Cc split from its headers (the daticert lists recipients without it).
 */
public final class EnvelopeFacts {

    private EnvelopeFacts() {
    }

    /** The facts of a VALID transport envelope. */
    public static MessageFacts of(Classification envelope) {
        if (!envelope.isValid() || envelope.type().orElse(null) != PecType.TRANSPORT_ENVELOPE) {
            throw new IllegalArgumentException("not a valid transport envelope: " + envelope.reason());
        }
        Daticert d = envelope.daticert().orElseThrow();
        Map<String, Recipient> byAddress = d.recipients().stream()
                .collect(Collectors.toMap(r -> r.address().toLowerCase(Locale.ROOT), Function.identity(), (a, b) -> a));
        List<Recipient> to = pick(envelope.headers().raw("To"), byAddress);
        List<Recipient> cc = pick(envelope.headers().raw("Cc"), byAddress);
        // Whatever the daticert lists but the headers do not place counts as primary.
        for (Recipient r : d.recipients()) {
            if (!to.contains(r) && !cc.contains(r)) {
                to.add(r);
            }
        }
        return new MessageFacts(new MessageIdentifier(d.identifier()), d.sender(), to, cc, d.replyTo(), d.subject(),
                d.messageId());
    }

    /** The receipt kind the envelope asks for (X-TipoRicevuta), completa when absent. */
    public static ReceiptType receiptType(Classification envelope) {
        return Optional.ofNullable(envelope.headers().raw(PecHeaders.X_TIPO_RICEVUTA))
                .flatMap(ReceiptType::fromValue).orElse(ReceiptType.COMPLETA);
    }

    private static List<Recipient> pick(String header, Map<String, Recipient> byAddress) {
        List<Recipient> out = new ArrayList<>();
        for (String address : Addresses.lenient(header)) {
            Recipient r = byAddress.get(address.toLowerCase(Locale.ROOT));
            if (r != null && !out.contains(r)) {
                out.add(r);
            }
        }
        return out;
    }
}
