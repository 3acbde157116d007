package io.sigillo.pec.classify;

import io.sigillo.pec.daticert.Daticert;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.message.OriginalMessage;
import io.sigillo.pec.smime.SignatureCheck;
import java.util.Optional;

/**
 * What the classifier found in one raw message.
 *
 * @param outcome   the verdict
 * @param reason    why, in a sentence a person can read
 * @param type      the PEC type the headers claim, when they claim one
 * @param headers   the outer headers (empty when they could not be read)
 * @param daticert  the daticert facts, when present and readable
 * @param postacert the embedded original, when present
 * @param signature the signature check, when a signature was checked
 */
public record Classification(
        Outcome outcome,
        String reason,
        Optional<PecType> type,
        MessageHeaders headers,
        Optional<Daticert> daticert,
        Optional<OriginalMessage> postacert,
        Optional<SignatureCheck> signature) {

    static Classification of(Outcome outcome, String reason, PecType type, MessageHeaders headers) {
        return new Classification(outcome, reason, Optional.ofNullable(type), headers, Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** True when the message is valid PEC. */
    public boolean isValid() {
        return outcome == Outcome.VALID;
    }
}
