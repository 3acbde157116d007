package io.sigillo.support.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.infra.TestTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every place failed logins are counted in must do. */
abstract class LoginFailuresContract {

    /** To the microsecond, as PostgreSQL keeps time. */
    private static final Instant NOW = TestTime.now().truncatedTo(ChronoUnit.MICROS);
    private static final Instant HOUR_AGO = NOW.minus(Duration.ofHours(1));

    /** A store with nothing counted for the keys these tests make up. */
    abstract LoginFailures store();

    private static String someone() {
        return "user-" + UUID.randomUUID() + "@pec.alpha.example";
    }

    @Test
    void failuresInARowAreCountedPerKindAndKey() {
        LoginFailures store = store();
        String account = someone();

        assertThat(store.add(LoginFailures.Kind.ACCOUNT, account, NOW, HOUR_AGO)).isEqualTo(1);
        assertThat(store.add(LoginFailures.Kind.ACCOUNT, account, NOW.plusSeconds(1), HOUR_AGO)).isEqualTo(2);
        assertThat(store.add(LoginFailures.Kind.ADDRESS, account, NOW, HOUR_AGO)).as("another kind").isEqualTo(1);
        assertThat(store.add(LoginFailures.Kind.ACCOUNT, someone(), NOW, HOUR_AGO)).isEqualTo(1);
    }

    @Test
    void failuresOlderThanTheForgettingPointStartTheCountAfresh() {
        LoginFailures store = store();
        String account = someone();
        store.add(LoginFailures.Kind.ACCOUNT, account, HOUR_AGO.minusSeconds(10), HOUR_AGO.minus(Duration.ofHours(1)));
        store.add(LoginFailures.Kind.ACCOUNT, account, HOUR_AGO.minusSeconds(5), HOUR_AGO.minus(Duration.ofHours(1)));

        assertThat(store.add(LoginFailures.Kind.ACCOUNT, account, NOW, HOUR_AGO)).isEqualTo(1);
    }

    @Test
    void theLaterLockOfTheAccountAndTheAddressCountsAndALockNeverShortens() {
        LoginFailures store = store();
        String account = someone();
        String address = "203.0.113." + UUID.randomUUID().hashCode();
        store.add(LoginFailures.Kind.ACCOUNT, account, NOW, HOUR_AGO);
        store.add(LoginFailures.Kind.ADDRESS, address, NOW, HOUR_AGO);

        assertThat(store.lockedUntil(account, address)).isEmpty();
        store.lock(LoginFailures.Kind.ACCOUNT, account, NOW.plusSeconds(4));
        store.lock(LoginFailures.Kind.ACCOUNT, account, NOW.plusSeconds(2));
        store.lock(LoginFailures.Kind.ADDRESS, address, NOW.plusSeconds(8));

        assertThat(store.lockedUntil(account, null)).contains(NOW.plusSeconds(4));
        assertThat(store.lockedUntil(account, address)).contains(NOW.plusSeconds(8));
        assertThat(store.lockedUntil(null, null)).isEmpty();
        assertThat(store.lockedUntil(someone(), address)).contains(NOW.plusSeconds(8));
    }

    @Test
    void whetherAnAccountHasFailuresIsReadWithItsLockAndClearingEndsIt() {
        LoginFailures store = store();
        String account = someone();
        String address = "203.0.113." + UUID.randomUUID().hashCode();
        store.add(LoginFailures.Kind.ADDRESS, address, NOW, HOUR_AGO);

        assertThat(store.counted(account, address)).isEqualTo(new LoginFailures.Counted(Optional.empty(), false));
        store.add(LoginFailures.Kind.ACCOUNT, account, NOW, HOUR_AGO);
        assertThat(store.counted(account, address).accountFailed()).isTrue();
        assertThat(store.counted(account, null).accountFailed()).isTrue();
        assertThat(store.counted(null, address).accountFailed()).as("the address's own failures").isFalse();
        store.clear(LoginFailures.Kind.ACCOUNT, account);
        assertThat(store.counted(account, address).accountFailed()).isFalse();
    }

    @Test
    void clearingForgetsTheKeysFailuresAndLock() {
        LoginFailures store = store();
        String account = someone();
        store.add(LoginFailures.Kind.ACCOUNT, account, NOW, HOUR_AGO);
        store.add(LoginFailures.Kind.ACCOUNT, account, NOW, HOUR_AGO);
        store.lock(LoginFailures.Kind.ACCOUNT, account, NOW.plusSeconds(4));

        store.clear(LoginFailures.Kind.ACCOUNT, account);

        assertThat(store.lockedUntil(account, null)).isEmpty();
        assertThat(store.add(LoginFailures.Kind.ACCOUNT, account, NOW, HOUR_AGO)).isEqualTo(1);
    }

    @Test
    void anyTextIsAKeyControlCharactersIncluded() {
        LoginFailures store = store();
        String hostile = "nul\u0000" + UUID.randomUUID() + "\u001b[31m\r\n" + "é".repeat(300);

        assertThat(store.add(LoginFailures.Kind.ACCOUNT, hostile, NOW, HOUR_AGO)).isEqualTo(1);
        store.lock(LoginFailures.Kind.ACCOUNT, hostile, NOW.plusSeconds(1));
        assertThat(store.lockedUntil(hostile, null)).contains(NOW.plusSeconds(1));
    }
}
