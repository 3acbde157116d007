package io.sigillo.support.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sigillo.infra.MovableClock;
import io.sigillo.infra.TestTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class LoginThrottleTest {

    private static final Instant START = TestTime.now();

    private final MovableClock clock = new MovableClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LoginThrottle throttle = new LoginThrottle(clock, registry, new InMemoryLoginFailures());

    LoginThrottleTest() {
        clock.set(START);
    }

    /** Pinned, so the lock's length reads exactly. */
    private void later(Duration by) {
        clock.set(clock.instant().plus(by));
    }

    private void fail(String account, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(account, address);
        }
    }

    @Test
    void anAccountIsLockedAfterItsFreeFailuresForLongerAtEachFurtherOne() {
        fail("Alice@pec.alpha.example", "10.0.0.1", LoginThrottle.FREE_PER_ACCOUNT);
        assertThat(throttle.lockedFor("alice@pec.alpha.example", "10.0.0.2")).isEmpty();

        fail("alice@pec.alpha.example", "10.0.0.1", 1);
        assertThat(throttle.lockedFor("alice@pec.alpha.example", "10.0.0.2")).as("from any address, any case")
                .contains(Duration.ofSeconds(1));
        assertThat(throttle.lockedFor("bob@pec.alpha.example", "10.0.0.2")).isEmpty();

        later(Duration.ofSeconds(1));
        assertThat(throttle.lockedFor("alice@pec.alpha.example", "10.0.0.2")).isEmpty();
        fail("alice@pec.alpha.example", "10.0.0.1", 2);
        assertThat(throttle.lockedFor("alice@pec.alpha.example", "10.0.0.2")).contains(Duration.ofSeconds(4));

        throttle.succeeded("alice@pec.alpha.example");
        assertThat(throttle.lockedFor("alice@pec.alpha.example", "10.0.0.2")).isEmpty();
        assertThat(registry.counter("sigillo.login.failures").count()).isEqualTo(8);
        assertThat(registry.counter("sigillo.login.lockouts").count()).isEqualTo(3);
        assertThat(registry.counter("sigillo.login.refused").count()).isEqualTo(2);
    }

    @Test
    void aGoodLoginClearsTheFailuresItsAccountHadWhenItBeganAndTouchesNothingWithoutThem() {
        fail("alice@pec.alpha.example", "10.0.0.1", 2);
        LoginThrottle.Standing alice = throttle.standing("alice@pec.alpha.example", "10.0.0.2");
        LoginThrottle.Standing bob = throttle.standing("bob@pec.alpha.example", "10.0.0.1");
        assertThat(alice.accountFailed()).isTrue();
        assertThat(bob.accountFailed()).as("only the address failed").isFalse();

        throttle.succeeded("alice@pec.alpha.example", alice);
        throttle.succeeded("bob@pec.alpha.example", bob);

        assertThat(throttle.standing("alice@pec.alpha.example", "10.0.0.2").accountFailed()).isFalse();
        // As many failures as are free do not lock her: the two before were cleared.
        fail("alice@pec.alpha.example", "10.0.0.3", LoginThrottle.FREE_PER_ACCOUNT);
        assertThat(throttle.lockedFor("alice@pec.alpha.example", "10.0.0.4")).isEmpty();
    }

    @Test
    void aClientAddressGuessingManyAccountsIsLockedForAll() {
        for (int i = 0; i <= LoginThrottle.FREE_PER_ADDRESS; i++) {
            throttle.failed("user" + i + "@pec.alpha.example", "203.0.113.7");
        }

        assertThat(throttle.lockedFor("someone@pec.alpha.example", "203.0.113.7")).contains(Duration.ofSeconds(1));
        assertThat(throttle.lockedFor("someone@pec.alpha.example", "203.0.113.8")).isEmpty();
    }

    @Test
    void locksDoubleUpToFifteenMinutesAndAQuietHourForgetsTheFailures() {
        assertThat(LoginThrottle.lockFor(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(LoginThrottle.lockFor(10)).isEqualTo(Duration.ofSeconds(512));
        assertThat(LoginThrottle.lockFor(11)).isEqualTo(LoginThrottle.LONGEST_LOCK);
        assertThat(LoginThrottle.lockFor(200)).isEqualTo(LoginThrottle.LONGEST_LOCK);

        fail("carol@pec.beta.example", "10.0.0.3", LoginThrottle.FREE_PER_ACCOUNT + 20);
        assertThat(throttle.lockedFor("carol@pec.beta.example", "10.0.0.4")).contains(LoginThrottle.LONGEST_LOCK);
        later(Duration.ofHours(2));
        fail("carol@pec.beta.example", "10.0.0.3", 1);
        assertThat(throttle.lockedFor("carol@pec.beta.example", "10.0.0.4")).isEmpty();
    }

    private static MockHttpServletRequest withAuthorization(String header) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        if (header != null) {
            request.addHeader("Authorization", header);
        }
        return request;
    }

    @Test
    void onlyBasicCredentialsNameAnAccount() {
        assertThat(LoginThrottleFilter.basicUser(withAuthorization("Basic " + java.util.Base64.getEncoder()
                .encodeToString("alice@pec.alpha.example:s3:cret".getBytes()))))
                .isEqualTo("alice@pec.alpha.example");
        assertThat(LoginThrottleFilter.basicUser(withAuthorization("Bearer abc"))).isNull();
        assertThat(LoginThrottleFilter.basicUser(withAuthorization("Basic !!!"))).isNull();
        assertThat(LoginThrottleFilter.basicUser(withAuthorization(null))).isNull();
    }
}
