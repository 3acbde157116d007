package io.sigillo.support.credentials;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * App passwords: secrets the platform makes at random for one mail client of a mailbox, shown to the owner once
 * and kept only as a SHA-256. Sixteen letters are about 75 bits, beyond any offline guessing, so a fast hash is
 * enough and a client that logs in every minute (or opens five IMAP connections at once) costs no bcrypt each time.
 */
public final class AppPasswords {

    private static final int LETTERS = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AppPasswords() {
    }

    /** A new secret, as the owner is shown it: four groups of four lower-case letters. */
    public static String generate() {
        StringBuilder secret = new StringBuilder(LETTERS + 3);
        for (int i = 0; i < LETTERS; i++) {
            if (i > 0 && i % 4 == 0) {
                secret.append(' ');
            }
            secret.append((char) ('a' + RANDOM.nextInt(26)));
        }
        return secret.toString();
    }

    /** The hex SHA-256 of a secret, however the owner typed it (with or without spaces or dashes, in any case). */
    public static String sha256(String secret) {
        String canonical = secret.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
        return HexFormat.of().formatHex(digest().digest(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether {@code presented} is the secret whose SHA-256 is {@code sha256}, in constant time. */
    public static boolean matches(String presented, String sha256) {
        if (presented == null || sha256 == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(presented).getBytes(StandardCharsets.US_ASCII),
                sha256.getBytes(StandardCharsets.US_ASCII));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
