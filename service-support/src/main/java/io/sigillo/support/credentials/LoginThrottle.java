package io.sigillo.support.credentials;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows down password guessing on the HTTP APIs (ADR 0021). An account may fail {@link #FREE_PER_ACCOUNT} times in
 * a row, a client address {@link #FREE_PER_ADDRESS} times; each further failure locks it for twice as long as the
 * last, from one second up to {@link #LONGEST_LOCK}. A success clears the account; an hour without failures clears
 * either. Kept in memory per instance: a replica restarts with a clean slate.
 */
public final class LoginThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);

    /** Failures in a row an account may have before it is locked: a user who mistypes a few times is not. */
    public static final int FREE_PER_ACCOUNT = 5;
    /** Failures a client address may have before it is locked: many users may share one behind a NAT. */
    public static final int FREE_PER_ADDRESS = 20;
    /** The longest lock. */
    public static final Duration LONGEST_LOCK = Duration.ofMinutes(15);

    private static final Duration FORGOTTEN_AFTER = Duration.ofHours(1);
    /** Entries kept at most per kind: beyond it, those quiet for an hour go, so a spray of names cannot fill memory. */
    private static final int CAPACITY = 100_000;

    private record Failures(int count, Instant last, Instant lockedUntil) {
    }

    private final Clock clock;
    private final Map<String, Failures> accounts = new ConcurrentHashMap<>();
    private final Map<String, Failures> addresses = new ConcurrentHashMap<>();
    private final Counter failures;
    private final Counter lockouts;
    private final Counter refused;

    public LoginThrottle(Clock clock, MeterRegistry registry) {
        this.clock = clock;
        this.failures = Counter.builder("sigillo.login.failures").description("HTTP logins with wrong credentials")
                .register(registry);
        this.lockouts = Counter.builder("sigillo.login.lockouts")
                .description("accounts or client addresses locked after repeated failures").register(registry);
        this.refused = Counter.builder("sigillo.login.refused")
                .description("requests refused because their account or address was locked").register(registry);
    }

    /** How long {@code account} or {@code address} stays locked; empty when neither is. */
    public Optional<Duration> lockedFor(String account, String address) {
        Instant now = clock.instant();
        Instant until = later(lockedUntil(accounts, account), lockedUntil(addresses, address));
        if (until == null || !until.isAfter(now)) {
            return Optional.empty();
        }
        refused.increment();
        return Optional.of(Duration.between(now, until));
    }

    /** Counts a failed login of {@code account} from {@code address}. */
    public void failed(String account, String address) {
        failures.increment();
        Instant now = clock.instant();
        count(accounts, "account", account, FREE_PER_ACCOUNT, now);
        count(addresses, "client address", address, FREE_PER_ADDRESS, now);
    }

    /** A good login clears the account's failures (not the address's: others may be guessing from it). */
    public void succeeded(String account) {
        if (account != null) {
            accounts.remove(account.toLowerCase(Locale.ROOT));
        }
    }

    private void count(Map<String, Failures> map, String kind, String key, int free, Instant now) {
        if (key == null) {
            return;
        }
        if (map.size() >= CAPACITY) {
            map.values().removeIf(f -> f.last().plus(FORGOTTEN_AFTER).isBefore(now));
        }
        Failures next = map.compute(key.toLowerCase(Locale.ROOT), (k, before) -> {
            int count = before == null || before.last().plus(FORGOTTEN_AFTER).isBefore(now) ? 1 : before.count() + 1;
            Instant lockedUntil = count > free ? now.plus(lockFor(count - free)) : null;
            return new Failures(count, now, lockedUntil);
        });
        if (next.lockedUntil() != null) {
            lockouts.increment();
            LOG.warn("login: {} {} locked for {} after {} failures", kind, key,
                    Duration.between(now, next.lockedUntil()), next.count());
        } else {
            LOG.info("login: failure {} of {} {}", next.count(), kind, key);
        }
    }

    /** One second for the first failure over the free ones, doubling, at most {@link #LONGEST_LOCK}. */
    static Duration lockFor(int overFree) {
        long seconds = overFree >= 31 ? Long.MAX_VALUE : 1L << (overFree - 1);
        return seconds >= LONGEST_LOCK.toSeconds() ? LONGEST_LOCK : Duration.ofSeconds(seconds);
    }

    private static Instant lockedUntil(Map<String, Failures> map, String key) {
        Failures f = key == null ? null : map.get(key.toLowerCase(Locale.ROOT));
        return f == null ? null : f.lockedUntil();
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
