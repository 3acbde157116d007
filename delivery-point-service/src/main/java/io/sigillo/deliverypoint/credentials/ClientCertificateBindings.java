package io.sigillo.deliverypoint.credentials;

import io.sigillo.deliverypoint.mailbox.MailboxRepository;
import io.sigillo.support.certificates.TrustedClientCas;
import io.sigillo.support.certificates.TrustedClientCas.CertificateRefused;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.security.auth.x500.X500Principal;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Binds client certificates to mailboxes (ADR 0028): one the owner presented in the TLS handshake (so holds its key),
 * issued by a CA this provider accepts, valid now, with one common name no other mailbox holds. Each change is
 * announced with the mailbox in the same transaction.
 */
@Service
public class ClientCertificateBindings {

    /** What a binding request came to: the certificate bound, or why not. */
    public sealed interface Outcome {
    }

    /** Bound. */
    public record Bound(ClientCertificateStore.Listed certificate) implements Outcome {
    }

    /** Not a certificate this provider accepts, with the reason. */
    public record Refused(String reason) implements Outcome {
    }

    /** A certificate that cannot be bound here as things stand. */
    public record Conflicting(ClientCertificateStore.Conflict conflict) implements Outcome {
    }

    private final ClientCertificateStore store;
    private final TrustedClientCas cas;
    private final MailboxRepository mailboxes;
    private final MailboxAnnouncer announcer;
    private final Clock clock;

    public ClientCertificateBindings(ClientCertificateStore store, TrustedClientCas cas, MailboxRepository mailboxes,
            MailboxAnnouncer announcer, Clock clock) {
        this.store = store;
        this.cas = cas;
        this.mailboxes = mailboxes;
        this.announcer = announcer;
        this.clock = clock;
    }

    /**
     * Binds the certificate the client presented in this connection's TLS handshake ({@code presented}, which
     * proved that the client holds its key) to {@code mailbox}, named {@code name}. {@code pem}, when given, must
     * start with that certificate; any further certificates in it are the intermediates of its chain.
     */
    @Transactional
    public Outcome bind(String mailbox, String name, List<X509Certificate> presented, String pem) {
        Instant now = clock.instant();
        if (presented.isEmpty()) {
            return new Refused("no certificate was presented");
        }
        List<X509Certificate> chain = presented;
        if (pem != null && !pem.isBlank()) {
            List<X509Certificate> sent;
            try {
                sent = CertificateFactory.getInstance("X.509")
                        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                        .stream().map(X509Certificate.class::cast).toList();
            } catch (GeneralSecurityException | RuntimeException e) {
                return new Refused("not a PEM certificate: " + e.getMessage());
            }
            if (sent.isEmpty() || !sent.get(0).equals(presented.get(0))) {
                return new Refused("not the certificate this connection presented: send that one, or no body");
            }
            chain = sent.size() > 1 ? sent : presented;
        }
        try {
            cas.check(withoutAnchors(chain), now);
        } catch (CertificateRefused e) {
            return new Refused(e.getMessage());
        }
        X509Certificate certificate = chain.get(0);
        Optional<String> commonName = commonName(certificate.getSubjectX500Principal());
        if (commonName.isEmpty()) {
            return new Refused("the certificate's subject must have exactly one common name (CN)");
        }
        ClientCertificateStore.Listed listed = new ClientCertificateStore.Listed(TrustedClientCas.sha256(certificate),
                name == null || name.isBlank() ? commonName.get() : name.strip(), commonName.get(),
                certificate.getSubjectX500Principal().getName(X500Principal.RFC2253),
                certificate.getIssuerX500Principal().getName(X500Principal.RFC2253),
                certificate.getSerialNumber().toString(16), certificate.getNotAfter().toInstant(), now, null);
        Optional<ClientCertificateStore.Conflict> conflict = store.bind(mailbox, listed, pem(certificate));
        if (conflict.isPresent()) {
            return new Conflicting(conflict.get());
        }
        announcer.announce(mailboxes.find(mailbox).orElseThrow());
        return new Bound(listed);
    }

    /** Unbinds one; false when the mailbox has no certificate with that SHA-256. */
    @Transactional
    public boolean unbind(String mailbox, String sha256) {
        boolean unbound = store.unbind(mailbox, sha256);
        if (unbound) {
            announcer.announce(mailboxes.find(mailbox).orElseThrow());
        }
        return unbound;
    }

    /** The chain without the CAs themselves, which a client may send along but PKIX takes as anchors only. */
    private List<X509Certificate> withoutAnchors(List<X509Certificate> chain) {
        return IntStream.range(0, chain.size())
                .filter(i -> i == 0 || !cas.cas().contains(chain.get(i))).mapToObj(chain::get).toList();
    }

    private static Optional<String> commonName(X500Principal subject) {
        try {
            List<String> names = new LdapName(subject.getName(X500Principal.RFC2253)).getRdns().stream()
                    .filter(rdn -> rdn.getType().equalsIgnoreCase("CN"))
                    .map(rdn -> String.valueOf(rdn.getValue())).toList();
            boolean one = names.size() == 1 && !names.get(0).isBlank()
                    && names.get(0).chars().noneMatch(Character::isISOControl);
            return one ? Optional.of(names.get(0)) : Optional.empty();
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }

    private static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unencodable certificate", e);
        }
    }
}
