package io.sigillo.support.sessions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Session tokens: what a full login (password, and the one-time code when two-factor login is on) earns at
 * {@code POST /api/v1/sessions}, sent as {@code Authorization: Bearer} instead of the password on every call. They
 * are JWTs signed with HS256 under a key every service of one provider shares (ADR 0027), so the access point
 * accepts what the delivery point issued without asking it; they expire and are not stored anywhere.
 */
public final class SessionTokens {

    /** The claim listing the holder's roles (MAILBOX, ADMIN), as Spring Security's roles without the prefix. */
    public static final String ROLES = "roles";

    private static final String ISSUER = "sigillo";
    private static final int MIN_KEY_BYTES = 32;

    private final JwtEncoder encoder;
    private final NimbusJwtDecoder decoder;
    private final Duration lifetime;
    private final Clock clock;

    /** Tokens under {@code key} (at least 256 bits), each valid for {@code lifetime} from its issue. */
    public SessionTokens(byte[] key, Duration lifetime, Clock clock) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("a session key has at least " + MIN_KEY_BYTES + " bytes");
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("a session token lives a while");
        }
        SecretKey secret = new SecretKeySpec(key, "HmacSHA256");
        this.encoder = NimbusJwtEncoder.withSecretKey(secret).algorithm(MacAlgorithm.HS256).build();
        this.decoder = NimbusJwtDecoder.withSecretKey(secret).macAlgorithm(MacAlgorithm.HS256).build();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ZERO);
        timestamps.setClock(clock);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(timestamps, new JwtIssuerValidator(ISSUER)));
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** A token and when it stops working. */
    public record Issued(String token, Instant expiresAt) {
    }

    /** A token naming {@code subject} (a mailbox address or an operator) with {@code roles}. */
    public Issued issue(String subject, Collection<String> roles) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(lifetime);
        JwtClaimsSet claims = JwtClaimsSet.builder().issuer(ISSUER).subject(subject).issuedAt(now)
                .expiresAt(expiresAt).id(UUID.randomUUID().toString()).claim(ROLES, List.copyOf(roles)).build();
        Jwt jwt = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims));
        return new Issued(jwt.getTokenValue(), expiresAt);
    }

    /** Reads and checks a token: signature, issuer, expiry. */
    public JwtDecoder decoder() {
        return decoder;
    }

    /**
     * Turns a checked token into the principal the service's rules see, as the service knows its holder today: an
     * account it does not know, or has disabled or locked, is refused, and the roles are those the token names that
     * the service grants the holder too (a mailbox owner's token gives nothing at a service with operators only).
     */
    public Converter<Jwt, AbstractAuthenticationToken> principals(UserDetailsService holders) {
        return jwt -> {
            UserDetails holder;
            try {
                holder = holders.loadUserByUsername(jwt.getSubject());
            } catch (UsernameNotFoundException e) {
                throw new InvalidBearerTokenException("the token's holder has no account here");
            }
            if (!holder.isEnabled() || !holder.isAccountNonLocked()) {
                throw new InvalidBearerTokenException("the token's holder is disabled");
            }
            List<String> roles = jwt.getClaimAsStringList(ROLES);
            Set<String> named = roles == null ? Set.of()
                    : roles.stream().map(role -> "ROLE_" + role).collect(Collectors.toSet());
            List<GrantedAuthority> granted = holder.getAuthorities().stream()
                    .filter(authority -> named.contains(authority.getAuthority()))
                    .<GrantedAuthority>map(authority -> authority).toList();
            return new JwtAuthenticationToken(jwt, granted, holder.getUsername());
        };
    }
}
