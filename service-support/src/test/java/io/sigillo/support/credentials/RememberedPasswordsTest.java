package io.sigillo.support.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.infra.MovableClock;
import io.sigillo.infra.TestTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

class RememberedPasswordsTest {

    private static final Instant START = TestTime.now();

    private final MovableClock clock = pinnedAt(START);
    private final CountingEncoder bcrypt = new CountingEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
    private final RememberedPasswords passwords = new RememberedPasswords(bcrypt, Duration.ofMinutes(5), 100, clock);
    private final String hash = passwords.encode("alice-demo");

    @Test
    void checksARememberedPasswordWithoutTheSlowHashUntilItsLifetimeEnds() {
        assertThat(passwords.matches("alice-demo", hash)).isTrue();
        assertThat(passwords.matches("alice-demo", hash)).isTrue();
        clock.set(START.plus(Duration.ofMinutes(4)));
        assertThat(passwords.matches("alice-demo", hash)).isTrue();
        assertThat(bcrypt.checks.get()).isEqualTo(1);

        clock.set(START.plus(Duration.ofMinutes(5)));
        assertThat(passwords.matches("alice-demo", hash)).isTrue();
        assertThat(bcrypt.checks.get()).isEqualTo(2);
    }

    @Test
    void neverRemembersAWrongPasswordNorLetsOneThroughAfterARightOne() {
        assertThat(passwords.matches("alice-demo", hash)).isTrue();
        assertThat(passwords.matches("alice-dem0", hash)).isFalse();
        assertThat(passwords.matches("alice-dem0", hash)).isFalse();
        assertThat(passwords.matches("", hash)).isFalse();
        assertThat(bcrypt.checks.get()).isEqualTo(4);
    }

    @Test
    void aChangedPasswordHashMissesSoTheOldPasswordStopsWorkingAtOnce() {
        assertThat(passwords.matches("alice-demo", hash)).isTrue();
        String changed = passwords.encode("a-new-password");

        assertThat(passwords.matches("alice-demo", changed)).isFalse();
        assertThat(passwords.matches("a-new-password", changed)).isTrue();
        assertThat(bcrypt.checks.get()).isEqualTo(3);
    }

    @Test
    void staysWithinItsCapacity() {
        RememberedPasswords small = new RememberedPasswords(bcrypt, Duration.ofMinutes(5), 3, clock);
        for (int i = 0; i < 10; i++) {
            String password = "password-" + i;
            assertThat(small.matches(password, "{noop}" + password)).isTrue();
            assertThat(small.size()).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void aZeroLifetimeRemembersNothing() {
        RememberedPasswords off = new RememberedPasswords(bcrypt, Duration.ZERO, 3, clock);
        assertThat(off.matches("alice-demo", hash)).isTrue();
        assertThat(off.matches("alice-demo", hash)).isTrue();
        assertThat(bcrypt.checks.get()).isEqualTo(2);
    }

    private static MovableClock pinnedAt(Instant at) {
        MovableClock clock = new MovableClock();
        clock.set(at);
        return clock;
    }

    /** Counts the checks that reach the real encoder. */
    private static final class CountingEncoder implements PasswordEncoder {
        private final PasswordEncoder delegate;
        private final AtomicInteger checks = new AtomicInteger();

        CountingEncoder(PasswordEncoder delegate) {
            this.delegate = delegate;
        }

        @Override
        public String encode(CharSequence raw) {
            return delegate.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            checks.incrementAndGet();
            return delegate.matches(raw, encoded);
        }
    }
}
