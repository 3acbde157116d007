package io.sigillo.webmail.message;

import io.sigillo.pec.classify.Outcome;
import io.sigillo.pec.daticert.Daticert;
import io.sigillo.pec.format.PecType;

/**
 * One message of a mailbox as its page shows it: what checking it found, the facts its provider certified, the
 * provider's own words, and the original it carries.
 *
 * @param outcome         the classifier's verdict
 * @param reason          the verdict's sentence
 * @param type            the PEC type it claims; null for ordinary mail
 * @param subject         its subject, as its outer header says
 * @param from            its From, likewise
 * @param verification    the signature's facts; null when it is not signed
 * @param daticert        the facts of its daticert.xml; null when it has none (an anomaly envelope, or not valid)
 * @param statement       the provider's text beside those facts (an anomaly's reason among them); null without one
 * @param original        the original it carries; null when it carries none or is not valid
 * @param originalProblem why the original it carries could not be read; null when it could
 */
public record MessageReading(Outcome outcome, String reason, PecType type, String subject, String from,
        Verification verification, Daticert daticert, String statement, OriginalContent original,
        String originalProblem) {

    /** A valid transport envelope: a certified message. */
    public boolean certified() {
        return outcome == Outcome.VALID && type == PecType.TRANSPORT_ENVELOPE;
    }

    /** An anomaly envelope: what arrived was not certified, and the provider says why. */
    public boolean anomaly() {
        return outcome == Outcome.VALID && type == PecType.ANOMALY_ENVELOPE;
    }

    /** A receipt or notice whose signature and facts hold. */
    public boolean receipt() {
        return outcome == Outcome.VALID && type != null && !type.isEnvelope();
    }

    /** The classifier found it valid. */
    public boolean valid() {
        return outcome == Outcome.VALID;
    }
}
