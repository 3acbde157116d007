package io.sigillo.incomingpoint.reception;

import io.sigillo.pec.classify.Classification;
import io.sigillo.pec.classify.Outcome;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.index.ProviderEntry;
import io.sigillo.pec.message.MessageFacts;
import java.util.List;
import java.util.Set;

/**
 * What the incoming point decided an arrival is, decided once from its verification and announced once: the
 * SMTP answer names it, and exactly one kind of event follows from it.
 */
public sealed interface ArrivalVerdict {

    /** A few words for the SMTP answer and the log. */
    String summary();

    /** A transport envelope signed by the provider of its sender, for {@code certifiedHere}, free of viruses. */
    record Envelope(Classification classification, MessageFacts facts, List<String> certifiedHere,
            ProviderEntry sendingProvider) implements ArrivalVerdict {

        @Override
        public String summary() {
            return "envelope " + facts.identifier().value();
        }
    }

    /** A valid transport envelope whose content carries a virus: not delivered, its provider is told. */
    record Infected(MessageFacts facts, List<String> certifiedHere, ProviderEntry sendingProvider, String finding)
            implements ArrivalVerdict {

        @Override
        public String summary() {
            return "envelope " + facts.identifier().value() + " refused for virus";
        }
    }

    /**
     * A receipt or notice, signed by the provider entitled to it, about one of this provider's messages.
     *
     * @param deliverTo  the local mailboxes it goes to (none when it is for the provider itself)
     * @param concerning the recipients of our message it reports on
     */
    record Receipt(Classification classification, PecType type, MessageFacts facts, ProviderEntry issuer,
            List<String> deliverTo, List<String> concerning) implements ArrivalVerdict {

        @Override
        public String summary() {
            return type.headerValue() + " for " + facts.identifier().value();
        }
    }

    /**
     * Anything else: delivered to its local recipients wrapped in an anomaly envelope, never as certified mail.
     *
     * @param kind   what is wrong: the verification outcome, FORGED, REVOKED, MISDIRECTED or UNEXPECTED
     * @param detail why, in words
     */
    record Anomaly(Classification classification, String kind, String detail) implements ArrivalVerdict {

        /** Signed by a provider the index does not entitle to it. */
        static final String FORGED = "FORGED";
        /** Signed with a certificate its provider revoked. */
        static final String REVOKED = "REVOKED";

        /** The kinds by which what arrived failed a check of its signature or its signer. */
        private static final Set<String> SECURITY_CHECKS = Set.of(Outcome.INVALID_SIGNATURE.name(),
                Outcome.UNTRUSTED_SIGNER.name(), FORGED, REVOKED);

        /** The reason the anomaly envelope states: what is wrong, then the details. */
        public String reason() {
            return kind + ": " + detail;
        }

        /** True when a security check failed: the anomaly envelope then says so (X-VerificaSicurezza: errore). */
        public boolean securityCheckFailed() {
            return SECURITY_CHECKS.contains(kind);
        }

        @Override
        public String summary() {
            return "anomaly " + kind;
        }
    }
}
