package io.sigillo.support.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.OptionalLong;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {

    /** RFC 6238's SHA-1 seed, "12345678901234567890", in Base32. */
    private static final String RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    /** RFC 6238 appendix B, SHA-1, as six digits (the last six of its eight). */
    @ParameterizedTest
    @CsvSource({"59, 287082", "1111111109, 081804", "1111111111, 050471", "1234567890, 005924",
            "2000000000, 279037", "20000000000, 353130"})
    void makesTheCodesOfTheRfc(long epochSecond, String code) {
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(epochSecond)))).isEqualTo(code);
    }

    @Test
    void acceptsTheStepsEitherSideAndNoFurther() {
        Instant now = Instant.ofEpochSecond(1_234_567_890);
        long step = Totp.step(now);
        assertThat(Totp.verify(RFC_SECRET, Totp.code(RFC_SECRET, step), now, -1)).hasValue(step);
        assertThat(Totp.verify(RFC_SECRET, Totp.code(RFC_SECRET, step - 1), now, -1)).hasValue(step - 1);
        assertThat(Totp.verify(RFC_SECRET, Totp.code(RFC_SECRET, step + 1), now, -1)).hasValue(step + 1);
        assertThat(Totp.verify(RFC_SECRET, Totp.code(RFC_SECRET, step - 2), now, -1)).isEmpty();
        assertThat(Totp.verify(RFC_SECRET, Totp.code(RFC_SECRET, step + 2), now, -1)).isEmpty();
    }

    @Test
    void aCodeUsedOnceIsRefusedAfterwards() {
        Instant now = Instant.ofEpochSecond(1_234_567_890);
        String code = Totp.code(RFC_SECRET, Totp.step(now));
        OptionalLong used = Totp.verify(RFC_SECRET, code, now, -1);
        assertThat(used).isPresent();
        assertThat(Totp.verify(RFC_SECRET, code, now.plusSeconds(5), used.getAsLong())).isEmpty();
    }

    @Test
    void refusesWhatIsNotSixDigits() {
        Instant now = Instant.ofEpochSecond(59);
        assertThat(Totp.verify(RFC_SECRET, "287 082", now, -1)).isPresent();
        assertThat(Totp.verify(RFC_SECRET, "28708", now, -1)).isEmpty();
        assertThat(Totp.verify(RFC_SECRET, "2870820", now, -1)).isEmpty();
        assertThat(Totp.verify(RFC_SECRET, "28708a", now, -1)).isEmpty();
        assertThat(Totp.verify(RFC_SECRET, null, now, -1)).isEmpty();
    }

    @Test
    void aNewSecretIs160BitsAndTheUriNamesIssuerAndAccount() {
        String secret = Totp.newSecret();
        assertThat(new Base32().decode(secret)).hasSize(20);
        assertThat(secret).matches("[A-Z2-7]{32}").isNotEqualTo(Totp.newSecret());
        assertThat(Totp.enrolmentUri("Sigillo pec.alpha.test", "alice@pec.alpha.test", secret))
                .isEqualTo("otpauth://totp/Sigillo%20pec.alpha.test:alice%40pec.alpha.test?secret=" + secret
                        + "&issuer=Sigillo%20pec.alpha.test&algorithm=SHA1&digits=6&period=30");
    }
}
