package io.sigillo.pec.mime;

import org.eclipse.angus.mail.util.MailStreamProvider;

/** Names Jakarta Mail's stream provider for the whole JVM, once, before any message is read or written. */
public final class MailStreams {

    /** The system property Jakarta Mail reads before it falls back to a {@code ServiceLoader} lookup. */
    static final String PROVIDER_PROPERTY = "jakarta.mail.util.StreamProvider";

    private MailStreams() {
    }

    /**
     * Jakarta Mail 2.1 looks its stream provider up again each time it encodes, decodes or parses a part: without
     * the property that is a {@code ServiceLoader} scan of every jar on the class path, 13% of a provider's CPU
     * under load. A provider chosen by the operator's own {@code -D} flag is kept.
     */
    public static void nameAngusProvider() {
        System.getProperties().putIfAbsent(PROVIDER_PROPERTY, MailStreamProvider.class.getName());
    }
}
