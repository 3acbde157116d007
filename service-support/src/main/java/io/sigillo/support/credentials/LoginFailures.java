package io.sigillo.support.credentials;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the {@link LoginThrottle} counts failed logins: in memory for one instance, or in PostgreSQL, so that every
 * replica of every service of a provider sees the same counts and locks (ADR 0021). Keys arrive lower-cased.
 */
public interface LoginFailures {

    /** What is counted: an account (the user name given) or a client address. */
    enum Kind {
        ACCOUNT, ADDRESS
    }

    /**
     * Counts one more failure of {@code key} at {@code now}; failures whose last one was before {@code forgetBefore}
     * no longer count. Returns the failures in a row now.
     */
    int add(Kind kind, String key, Instant now, Instant forgetBefore);

    /** Locks {@code key} until {@code until}, unless it is locked longer already. */
    void lock(Kind kind, String key, Instant until);

    /** The end of the later lock of {@code account} and {@code address} (either may be null), if there is one. */
    default Optional<Instant> lockedUntil(String account, String address) {
        return counted(account, address).lockedUntil();
    }

    /** What is counted of {@code account} and {@code address} (either may be null), read at once. */
    Counted counted(String account, String address);

    /**
     * What is counted of a login's account and client address.
     *
     * @param lockedUntil   the end of the later lock of the two, if there is one
     * @param accountFailed whether the account has failures counted (a good login then clears them)
     */
    record Counted(Optional<Instant> lockedUntil, boolean accountFailed) {
    }

    /** Forgets the failures of {@code key}. */
    void clear(Kind kind, String key);
}
