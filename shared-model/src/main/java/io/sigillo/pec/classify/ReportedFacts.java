package io.sigillo.pec.classify;

import io.sigillo.pec.daticert.Daticert;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.message.MessageFacts;
import java.util.List;

/** The facts of the original message a verified receipt or notice reports on, from its signed daticert. */
public final class ReportedFacts {

    private ReportedFacts() {
    }

    /** The facts a VALID receipt or notice carries; its recipients all count as primary. */
    public static MessageFacts of(Classification receipt) {
        Daticert d = receipt.daticert().orElseThrow(() -> new IllegalArgumentException(
                "no daticert.xml: " + receipt.reason()));
        return new MessageFacts(new MessageIdentifier(d.identifier()), d.sender(), d.recipients(), List.of(),
                d.replyTo(), d.subject(), d.messageId());
    }

    /** The recipients it reports on: those taken in charge, or the one mailbox delivered to (or not). */
    public static List<String> concerning(Classification receipt) {
        Daticert d = receipt.daticert().orElseThrow();
        return d.deliveredTo() != null ? List.of(d.deliveredTo()) : d.takenInCharge();
    }
}
