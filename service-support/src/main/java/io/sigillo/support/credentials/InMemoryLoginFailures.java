package io.sigillo.support.credentials;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Failed logins counted in this instance only: for tests and for a service without a database. */
public final class InMemoryLoginFailures implements LoginFailures {

    /** Entries kept at most: beyond it, those quiet for a while go, so a spray of names cannot fill memory. */
    private static final int CAPACITY = 100_000;

    private record Failures(int count, Instant last, Instant lockedUntil) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    @Override
    public int add(Kind kind, String key, Instant now, Instant forgetBefore) {
        if (failures.size() >= CAPACITY) {
            failures.values().removeIf(f -> f.last().isBefore(forgetBefore));
        }
        return failures.compute(kind + " " + key, (k, before) -> before == null || before.last().isBefore(forgetBefore)
                ? new Failures(1, now, null) : new Failures(before.count() + 1, now, before.lockedUntil())).count();
    }

    @Override
    public void lock(Kind kind, String key, Instant until) {
        failures.computeIfPresent(kind + " " + key, (k, f) -> new Failures(f.count(), f.last(),
                f.lockedUntil() != null && f.lockedUntil().isAfter(until) ? f.lockedUntil() : until));
    }

    @Override
    public Counted counted(String account, String address) {
        Instant a = until(Kind.ACCOUNT, account);
        Instant b = until(Kind.ADDRESS, address);
        return new Counted(Optional.ofNullable(a == null ? b : b == null || a.isAfter(b) ? a : b),
                account != null && failures.containsKey(Kind.ACCOUNT + " " + account));
    }

    @Override
    public void clear(Kind kind, String key) {
        failures.remove(kind + " " + key);
    }

    private Instant until(Kind kind, String key) {
        Failures f = key == null ? null : failures.get(kind + " " + key);
        return f == null ? null : f.lockedUntil();
    }
}
