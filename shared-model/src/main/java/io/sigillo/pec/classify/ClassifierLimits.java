package io.sigillo.pec.classify;

/**
 * What the classifier reads at most, so hostile input costs bounded time and memory.
 *
 * @param maxMessageBytes whole message
 * @param maxHeaderBytes  one header block
 * @param maxDepth        MIME nesting depth
 * @param maxParts        body parts in all
 */
public record ClassifierLimits(int maxMessageBytes, int maxHeaderBytes, int maxDepth, int maxParts) {

    /** Room for the largest PEC message (100 MB commercial limit plus wrapping) and no more. */
    public static final ClassifierLimits DEFAULT = new ClassifierLimits(160 * 1024 * 1024, 512 * 1024, 24, 1000);
}
