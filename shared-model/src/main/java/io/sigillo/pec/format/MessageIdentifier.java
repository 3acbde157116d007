package io.sigillo.pec.format;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The PEC message identifier ({@code opaque@provider-domain}): assigned once by the access point and carried
 * by every envelope, receipt and log row of a message. Only letters, digits, dots and dashes, so it is safe
 * unquoted in headers and XML.
 */
public record MessageIdentifier(String value) {

    private static final Pattern DOMAIN = Pattern.compile(
            "(?i)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+");
    private static final Pattern FORM = Pattern.compile("(?i)[a-z0-9][a-z0-9.-]{0,127}@" + DOMAIN.pattern());
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    public MessageIdentifier {
        Objects.requireNonNull(value, "value");
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("not a PEC message identifier: " + value);
        }
    }

    /** A fresh, unique identifier in the provider's domain: 130 random bits after a readable prefix. */
    public static MessageIdentifier random(String providerDomain) {
        byte[] bits = new byte[17];
        RANDOM.nextBytes(bits);
        return new MessageIdentifier("opec." + base32(bits, 26) + "@" + domain(providerDomain));
    }

    /**
     * An identifier derived from stable facts (for example the message it answers and the receipt kind), so
     * that rebuilding the same receipt twice yields the same identifier and a replay shows downstream.
     */
    public static MessageIdentifier derived(String providerDomain, String... facts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String fact : facts) {
                sha.update(fact.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return new MessageIdentifier("opec.r." + base32(sha.digest(), 32) + "@" + domain(providerDomain));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }

    /** Parses the bare identifier or its angle-bracketed header form. */
    public static MessageIdentifier parse(String text) {
        String bare = text.trim();
        if (bare.startsWith("<") && bare.endsWith(">")) {
            bare = bare.substring(1, bare.length() - 1);
        }
        return new MessageIdentifier(bare);
    }

    /** The domain part. */
    public String domain() {
        return value.substring(value.indexOf('@') + 1);
    }

    /** The Message-ID header form, in angle brackets. */
    public String asHeader() {
        return "<" + value + ">";
    }

    @Override
    public String toString() {
        return value;
    }

    private static String domain(String providerDomain) {
        if (providerDomain == null || !DOMAIN.matcher(providerDomain).matches()) {
            throw new IllegalArgumentException("not a domain: " + providerDomain);
        }
        return providerDomain.toLowerCase(Locale.ROOT);
    }

    private static String base32(byte[] bytes, int chars) {
        StringBuilder out = new StringBuilder(chars);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < bytes.length && out.length() < chars; i++) {
            buffer = (buffer << 8) | (bytes[i] & 0xff);
            bits += 8;
            while (bits >= 5 && out.length() < chars) {
                out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return out.toString();
    }
}
