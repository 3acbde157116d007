package io.sigillo.support.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillo.infra.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

class SessionTokensTest {

    private static final byte[] KEY = "a provider's session key, of 32 bytes or more".getBytes();

    private final MovableClock clock = new MovableClock();
    private final SessionTokens tokens;
    private final InMemoryUserDetailsManager holders = new InMemoryUserDetailsManager(
            User.withUsername("alice@pec.alpha.test").password("x").roles("MAILBOX").build());

    SessionTokensTest() {
        clock.set(Instant.parse("2026-03-02T10:00:00Z"));
        tokens = new SessionTokens(KEY, Duration.ofHours(1), clock);
    }

    @Test
    void aTokenNamesItsHolderAndRolesUntilItExpires() {
        SessionTokens.Issued issued = tokens.issue("alice@pec.alpha.test", List.of("MAILBOX"));
        assertThat(issued.expiresAt()).isEqualTo(Instant.parse("2026-03-02T11:00:00Z"));

        Jwt jwt = tokens.decoder().decode(issued.token());
        assertThat(jwt.getSubject()).isEqualTo("alice@pec.alpha.test");
        assertThat(jwt.getClaimAsStringList(SessionTokens.ROLES)).containsExactly("MAILBOX");
        var principal = tokens.principals(holders).convert(jwt);
        assertThat(principal.getName()).isEqualTo("alice@pec.alpha.test");
        assertThat(principal.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_MAILBOX");

        clock.set(Instant.parse("2026-03-02T11:01:00Z"));
        assertThatThrownBy(() -> tokens.decoder().decode(issued.token())).isInstanceOf(JwtValidationException.class);
    }

    @Test
    void theServiceDecidesWhoTheHolderIsToday() {
        // A service that knows alice only as an operator gives her mailbox token nothing.
        Jwt mailboxToken = tokens.decoder().decode(tokens.issue("alice@pec.alpha.test", List.of("MAILBOX")).token());
        InMemoryUserDetailsManager operators = new InMemoryUserDetailsManager(
                User.withUsername("alice@pec.alpha.test").password("x").roles("OPERATOR").build());
        assertThat(tokens.principals(operators).convert(mailboxToken).getAuthorities()).isEmpty();

        Jwt stranger = tokens.decoder().decode(tokens.issue("mallory@pec.alpha.test", List.of("MAILBOX")).token());
        assertThatThrownBy(() -> tokens.principals(holders).convert(stranger))
                .isInstanceOf(InvalidBearerTokenException.class);

        holders.updateUser(User.withUsername("alice@pec.alpha.test").password("x").roles("MAILBOX").disabled(true)
                .build());
        assertThatThrownBy(() -> tokens.principals(holders).convert(mailboxToken))
                .isInstanceOf(InvalidBearerTokenException.class);
    }

    @Test
    void anotherProvidersKeyOrAChangedTokenIsRefused() {
        String token = tokens.issue("alice@pec.alpha.test", List.of("MAILBOX")).token();
        byte[] otherKey = Arrays.copyOf(KEY, KEY.length);
        otherKey[0] ^= 1;
        SessionTokens other = new SessionTokens(otherKey, Duration.ofHours(1), clock);
        assertThatThrownBy(() -> other.decoder().decode(token)).isInstanceOf(BadJwtException.class);

        String[] parts = token.split("\\.");
        String admin = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace("MAILBOX", "ADMIN").getBytes());
        assertThatThrownBy(() -> tokens.decoder().decode(parts[0] + "." + admin + "." + parts[2]))
                .isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decoder().decode(parts[0] + "." + parts[1] + "."))
                .isInstanceOf(BadJwtException.class);
    }

    @Test
    void aShortKeyIsRefused() {
        assertThatThrownBy(() -> new SessionTokens(new byte[16], Duration.ofHours(1), clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
