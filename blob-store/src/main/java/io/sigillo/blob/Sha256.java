package io.sigillo.blob;

import io.sigillo.pec.event.BlobRef;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 in the lower-case hex form the store uses as identifier. */
final class Sha256 {

    private Sha256() {
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }

    static String hex(byte[] content) {
        return HexFormat.of().formatHex(digest().digest(content));
    }

    /** The hex form of what {@code sha} has digested so far, which it then forgets. */
    static String hex(MessageDigest sha) {
        return HexFormat.of().formatHex(sha.digest());
    }

    static void check(BlobRef ref, byte[] content) {
        if (content.length != ref.size() || !hex(content).equals(ref.sha256())) {
            throw mismatch(ref);
        }
    }

    static BlobIntegrityException mismatch(BlobRef ref) {
        return new BlobIntegrityException("stored body " + ref.sha256() + " does not match its digest");
    }
}
