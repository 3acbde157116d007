package io.sigillo.support.credentials;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/**
 * Time-based one-time passwords (RFC 6238) as every authenticator app makes them: HMAC-SHA1 over 30-second steps,
 * six digits, the secret shared as Base32 in an {@code otpauth://} URI.
 */
public final class Totp {

    /** How long one code lasts. */
    public static final Duration STEP = Duration.ofSeconds(30);

    /** Steps accepted either side of the current one, for a phone's clock that is a little off. */
    public static final int SKEW_STEPS = 1;

    private static final int DIGITS = 6;
    private static final int SECRET_BYTES = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Totp() {
    }

    /** A new secret: 160 random bits (RFC 4226's recommended length), Base32 without padding. */
    public static String newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return new Base32().encodeToString(secret).replace("=", "");
    }

    /**
     * The enrolment URI an authenticator app reads from a QR code (Key Uri Format): {@code issuer} names the
     * provider, {@code account} the mailbox.
     */
    public static String enrolmentUri(String issuer, String account, String secret) {
        String label = encode(issuer) + ":" + encode(account);
        return "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP.toSeconds();
    }

    /** The step {@code instant} falls in (RFC 6238's T). */
    public static long step(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), STEP.toSeconds());
    }

    /** The code of {@code step} for a Base32 secret. */
    public static String code(String secret, long step) {
        return code(decode(secret), step);
    }

    /**
     * The step whose code {@code code} is, within {@link #SKEW_STEPS} of {@code now} and later than
     * {@code lastUsedStep}, so that a code seen once (over a shoulder, in a log) cannot be used again; empty when none.
     */
    public static OptionalLong verify(String secret, String code, Instant now, long lastUsedStep) {
        if (code == null) {
            return OptionalLong.empty();
        }
        String digits = code.replace(" ", "");
        if (!digits.matches("[0-9]{" + DIGITS + "}")) {
            return OptionalLong.empty();
        }
        byte[] key = decode(secret);
        long current = step(now);
        OptionalLong matched = OptionalLong.empty();
        // Every step of the window is computed, so the time taken does not tell which one matched.
        for (long step = current - SKEW_STEPS; step <= current + SKEW_STEPS; step++) {
            boolean same = MessageDigest.isEqual(code(key, step).getBytes(StandardCharsets.US_ASCII),
                    digits.getBytes(StandardCharsets.US_ASCII));
            if (same && step > lastUsedStep && matched.isEmpty()) {
                matched = OptionalLong.of(step);
            }
        }
        return matched;
    }

    private static String code(byte[] key, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
            // RFC 4226 dynamic truncation.
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            return String.format(Locale.ROOT, "%0" + DIGITS + "d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is always present", e);
        }
    }

    private static byte[] decode(String secret) {
        byte[] key = new Base32().decode(secret.toUpperCase(Locale.ROOT));
        if (key.length < 10) {
            throw new IllegalArgumentException("a TOTP secret has at least 80 bits");
        }
        return key;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
