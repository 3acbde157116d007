package io.sigillo.support.credentials;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows down password guessing on the HTTP APIs (ADR 0021). An account may fail {@link #FREE_PER_ACCOUNT} times in
 * a row, a client address {@link #FREE_PER_ADDRESS} times; each further failure locks it for twice as long as the
 * last, from one second up to {@link #LONGEST_LOCK}. A success clears the account; an hour without failures clears
 * either. The counts live in {@link LoginFailures}: in PostgreSQL, every replica of every service of the provider
 * shares them, so spreading guesses over replicas gains nothing.
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

    private final Clock clock;
    private final LoginFailures store;
    private final Counter failures;
    private final Counter lockouts;
    private final Counter refused;

    public LoginThrottle(Clock clock, MeterRegistry registry, LoginFailures store) {
        this.clock = clock;
        this.store = store;
        this.failures = Counter.builder("sigillo.login.failures").description("HTTP logins with wrong credentials")
                .register(registry);
        this.lockouts = Counter.builder("sigillo.login.lockouts")
                .description("accounts or client addresses locked after repeated failures").register(registry);
        this.refused = Counter.builder("sigillo.login.refused")
                .description("requests refused because their account or address was locked").register(registry);
    }

    /** How long {@code account} or {@code address} stays locked; empty when neither is. */
    public Optional<Duration> lockedFor(String account, String address) {
        return standing(account, address).lockedFor();
    }

    /**
     * What a login of {@code account} from {@code address} starts from.
     *
     * @param lockedFor     how long the account or the address stays locked; empty when neither is
     * @param accountFailed whether the account has failures that a good login clears
     */
    public record Standing(Optional<Duration> lockedFor, boolean accountFailed) {
    }

    /** How long {@code account} or {@code address} stays locked, and whether the account has failures, at once. */
    public Standing standing(String account, String address) {
        Instant now = clock.instant();
        LoginFailures.Counted counted = store.counted(lower(account), lower(address));
        Optional<Instant> until = counted.lockedUntil().filter(u -> u.isAfter(now));
        until.ifPresent(u -> refused.increment());
        return new Standing(until.map(u -> Duration.between(now, u)), counted.accountFailed());
    }

    /** Counts a failed login of {@code account} from {@code address}. */
    public void failed(String account, String address) {
        failures.increment();
        Instant now = clock.instant();
        count(LoginFailures.Kind.ACCOUNT, "account", account, FREE_PER_ACCOUNT, now);
        count(LoginFailures.Kind.ADDRESS, "client address", address, FREE_PER_ADDRESS, now);
    }

    /** A good login clears the account's failures (not the address's: others may be guessing from it). */
    public void succeeded(String account) {
        if (account != null) {
            store.clear(LoginFailures.Kind.ACCOUNT, lower(account));
        }
    }

    /**
     * A good login that began from {@code before}: clears the account's failures if it had any then. Most logins have
     * none, and a REST client logs in with every request, so this saves a statement and a commit on each.
     */
    public void succeeded(String account, Standing before) {
        if (before.accountFailed()) {
            succeeded(account);
        }
    }

    private void count(LoginFailures.Kind kind, String what, String key, int free, Instant now) {
        if (key == null) {
            return;
        }
        int count = store.add(kind, lower(key), now, now.minus(FORGOTTEN_AFTER));
        if (count > free) {
            Duration lock = lockFor(count - free);
            store.lock(kind, lower(key), now.plus(lock));
            lockouts.increment();
            LOG.warn("login: {} {} locked for {} after {} failures", what, key, lock, count);
        } else {
            LOG.info("login: failure {} of {} {}", count, what, key);
        }
    }

    /** One second for the first failure over the free ones, doubling, at most {@link #LONGEST_LOCK}. */
    static Duration lockFor(int overFree) {
        long seconds = overFree >= 31 ? Long.MAX_VALUE : 1L << (overFree - 1);
        return seconds >= LONGEST_LOCK.toSeconds() ? LONGEST_LOCK : Duration.ofSeconds(seconds);
    }

    private static String lower(String key) {
        return key == null ? null : key.toLowerCase(Locale.ROOT);
    }
}
