package io.sigillo.support.credentials;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A password encoder that remembers, for a short while, which password matched which stored hash, so that a client
 * sending HTTP Basic on every request pays the slow hash (bcrypt) once per {@code ttl} instead of every time (ADR
 * 0011). The stored hash is part of what is remembered, so a password change misses at once; the account's other
 * state (disabled, locked) is read on every request by the caller, not from here. Neither passwords nor hashes are
 * kept: only an HMAC of both under a key made at random when the process starts.
 */
public final class RememberedPasswords implements PasswordEncoder {

    private static final String HMAC = "HmacSHA256";

    private final PasswordEncoder delegate;
    private final Duration ttl;
    private final int capacity;
    private final Clock clock;
    private final SecretKeySpec key;
    private final Map<String, Instant> verifiedUntil = new ConcurrentHashMap<>();

    /**
     * Remembers up to {@code capacity} verified passwords, each for {@code ttl} from its check by {@code delegate}.
     */
    public RememberedPasswords(PasswordEncoder delegate, Duration ttl, int capacity, Clock clock) {
        if (ttl.isNegative() || capacity < 1) {
            throw new IllegalArgumentException("a remembered password needs a positive lifetime and room");
        }
        this.delegate = delegate;
        this.ttl = ttl;
        this.capacity = capacity;
        this.clock = clock;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, HMAC);
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return delegate.encode(rawPassword);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null || ttl.isZero()) {
            return delegate.matches(rawPassword, encodedPassword);
        }
        String verified = fingerprint(rawPassword, encodedPassword);
        Instant now = clock.instant();
        Instant until = verifiedUntil.get(verified);
        if (until != null && now.isBefore(until)) {
            return true;
        }
        boolean matches = delegate.matches(rawPassword, encodedPassword);
        if (matches) {
            remember(verified, now);
        } else if (until != null) {
            verifiedUntil.remove(verified);
        }
        return matches;
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return delegate.upgradeEncoding(encodedPassword);
    }

    /** How many verified passwords are remembered now (expired ones included until the next clean-up). */
    int size() {
        return verifiedUntil.size();
    }

    private void remember(String verified, Instant now) {
        if (verifiedUntil.size() >= capacity) {
            verifiedUntil.values().removeIf(until -> !now.isBefore(until));
            if (verifiedUntil.size() >= capacity) {
                // Full of live entries (a burst of distinct clients): start again rather than grow without bound.
                verifiedUntil.clear();
            }
        }
        verifiedUntil.put(verified, now.plus(ttl));
    }

    private String fingerprint(CharSequence rawPassword, String encodedPassword) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            mac.update(encodedPassword.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(
                    mac.doFinal(rawPassword.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always present", e);
        }
    }
}
