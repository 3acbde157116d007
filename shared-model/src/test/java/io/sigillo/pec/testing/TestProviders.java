package io.sigillo.pec.testing;

import io.sigillo.infra.TestTime;
import io.sigillo.pec.classify.PecClassifier;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.daticert.DaticertSchema;
import io.sigillo.pec.format.Provider;
import io.sigillo.pec.message.ProviderMessage;
import io.sigillo.pec.message.ProviderMessageComposer;
import io.sigillo.pec.message.SignedMessage;
import io.sigillo.pec.smime.SmimeSigner;
import io.sigillo.pec.smime.SmimeVerifier;

/**
 * Composers for the two demo providers (each signs with its own key, at the tests' time) and a classifier trusting
 * both.
 */
public final class TestProviders {

    private static final DaticertSchema SCHEMA = new DaticertSchema();
    private static ProviderMessageComposer alpha;
    private static ProviderMessageComposer beta;
    private static ProviderMessageComposer rogue;

    private TestProviders() {
    }

    /** Signs {@code message} with its issuer's demo key. */
    public static SignedMessage sign(ProviderMessage message) {
        return composerFor(message.issuer()).compose(message);
    }

    /** Signs {@code message} with a key nobody trusts. */
    public static synchronized SignedMessage signAsRogue(ProviderMessage message) {
        if (rogue == null) {
            rogue = new ProviderMessageComposer(new SmimeSigner(TestPki.get().rogue(), TestTime.clock()), SCHEMA);
        }
        return rogue.compose(message);
    }

    /** The composer of a demo provider. */
    public static synchronized ProviderMessageComposer composerFor(Provider provider) {
        if (alpha == null) {
            alpha = new ProviderMessageComposer(new SmimeSigner(TestPki.get().alpha(), TestTime.clock()), SCHEMA);
            beta = new ProviderMessageComposer(new SmimeSigner(TestPki.get().beta(), TestTime.clock()), SCHEMA);
        }
        return provider.domain().equals(DemoMessages.BETA.domain()) ? beta : alpha;
    }

    /** A classifier that trusts alpha and beta. */
    public static PecClassifier classifier() {
        return new PecClassifier(verifier());
    }

    /** A verifier that trusts alpha and beta, for messages arriving at the tests' time. */
    public static SmimeVerifier verifier() {
        return new SmimeVerifier(TestPki.get()::trust, TestTime.clock());
    }

    /** A classifier that trusts alpha and beta, for messages read again from an archive (SHA-1 still read). */
    public static PecClassifier archiveClassifier() {
        return new PecClassifier(new SmimeVerifier(TestPki.get()::trust, TestTime.clock(),
                SmimeVerifier.Moment.ARCHIVE));
    }

    /** The shared schema. */
    public static DaticertSchema schema() {
        return SCHEMA;
    }
}
