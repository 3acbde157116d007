package io.sigillo.pec.smime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * Whether a provider's signing certificate is revoked, by the CRL its issuer publishes where the certificate says
 * (its CRL distribution points: http, https or file). A CRL counts only when signed by one of the configured issuers
 * and current; it is kept until its nextUpdate, so one download serves every message until then. A certificate that
 * names no CRL cannot be checked and passes; a CRL that cannot be had makes the answer unknown, which the incoming
 * point turns into a 451 so the sender retries.
 */
public final class CertificateRevocation {

    /** What the CRL says of a certificate at an instant. */
    public sealed interface Status {
    }

    /** Not revoked at that instant, or nothing to check. */
    public record Good(String detail) implements Status {
    }

    /** Revoked at {@code at}, before the instant asked about. */
    public record Revoked(Instant at, String reason) implements Status {
    }

    /** No current CRL from a trusted issuer could be had: ask again later. */
    public record Unknown(String reason) implements Status {
    }

    /** Some slack for the issuer's clock, as for signatures (ADR 0021). */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /** Where CRLs come from: the addresses certificates name, or what a test puts there. */
    @FunctionalInterface
    public interface CrlSource {

        /** The CRL published at {@code point}, as its issuer encoded it. */
        byte[] fetch(URI point) throws IOException;
    }

    private final List<X509Certificate> issuers;
    private final Clock clock;
    private final CrlSource source;
    private final Map<URI, X509CRL> current = new ConcurrentHashMap<>();

    /** Checks against CRLs signed by {@code issuers} (the CAs of the providers' signing certificates). */
    public CertificateRevocation(Collection<X509Certificate> issuers, Clock clock) {
        this(issuers, clock, downloads());
    }

    /** As the other constructor, with CRLs from {@code source}. */
    public CertificateRevocation(Collection<X509Certificate> issuers, Clock clock, CrlSource source) {
        this.issuers = List.copyOf(issuers);
        this.clock = clock;
        this.source = source;
    }

    /** Reads the issuers' certificates from a PEM (or DER) file. */
    public static List<X509Certificate> issuersFrom(Path file) throws KeystoreException {
        return List.copyOf(TrustedProviders.fromPem(file).certificates());
    }

    /** The status of {@code certificate} at {@code at}, from the first distribution point that answers. */
    public Status check(X509Certificate certificate, Instant at) {
        List<URI> points = distributionPoints(certificate);
        if (points.isEmpty()) {
            return new Good("the certificate names no CRL");
        }
        List<String> failures = new ArrayList<>();
        for (URI point : points) {
            try {
                X509CRL crl = crl(point, certificate);
                X509CRLEntry entry = crl.getRevokedCertificate(certificate);
                if (entry != null && !entry.getRevocationDate().toInstant().isAfter(at)) {
                    return new Revoked(entry.getRevocationDate().toInstant(), entry.getRevocationReason() == null
                            ? "unspecified" : entry.getRevocationReason().name().toLowerCase(Locale.ROOT));
                }
                return new Good("not in the CRL of " + point);
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                failures.add(point + ": " + e.getMessage());
            }
        }
        return new Unknown(String.join("; ", failures));
    }

    /** A current CRL for the certificate's issuer from {@code point}: the one kept, or a fresh download. */
    private X509CRL crl(URI point, X509Certificate certificate) throws IOException, GeneralSecurityException {
        Instant now = clock.instant();
        X509CRL kept = current.get(point);
        if (kept != null && isCurrent(kept, now)) {
            return kept;
        }
        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509")
                .generateCRL(new ByteArrayInputStream(source.fetch(point)));
        X509Certificate issuer = issuers.stream()
                .filter(i -> i.getSubjectX500Principal().equals(crl.getIssuerX500Principal()))
                .filter(i -> i.getSubjectX500Principal().equals(certificate.getIssuerX500Principal()))
                .findFirst().orElseThrow(() -> new GeneralSecurityException("the CRL's issuer "
                        + crl.getIssuerX500Principal() + " is not a configured issuer of this certificate"));
        crl.verify(issuer.getPublicKey());
        if (!isCurrent(crl, now)) {
            throw new GeneralSecurityException("the CRL is not current: issued " + crl.getThisUpdate().toInstant()
                    + ", next update " + Optional.ofNullable(crl.getNextUpdate()).map(d -> d.toInstant().toString())
                            .orElse("none"));
        }
        current.put(point, crl);
        return crl;
    }

    private static boolean isCurrent(X509CRL crl, Instant now) {
        return !crl.getThisUpdate().toInstant().isAfter(now.plus(CLOCK_SKEW)) && crl.getNextUpdate() != null
                && crl.getNextUpdate().toInstant().plus(CLOCK_SKEW).isAfter(now);
    }

    /** Downloads over http and https, and reads file addresses. */
    private static CrlSource downloads() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        return point -> {
            if ("file".equals(point.getScheme())) {
                return Files.readAllBytes(Path.of(point));
            }
            try {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(point)
                        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode());
                }
                return response.body();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        };
    }

    /** The http, https and file addresses among the certificate's CRL distribution points. */
    static List<URI> distributionPoints(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(Extension.cRLDistributionPoints.getId());
        if (extension == null) {
            return List.of();
        }
        List<URI> uris = new ArrayList<>();
        CRLDistPoint points = CRLDistPoint.getInstance(ASN1OctetString.getInstance(extension).getOctets());
        for (DistributionPoint point : points.getDistributionPoints()) {
            DistributionPointName name = point.getDistributionPoint();
            if (name == null || name.getType() != DistributionPointName.FULL_NAME) {
                continue;
            }
            for (GeneralName general : GeneralNames.getInstance(name.getName()).getNames()) {
                if (general.getTagNo() == GeneralName.uniformResourceIdentifier) {
                    URI uri = URI.create(general.getName().toString());
                    if (List.of("http", "https", "file").contains(uri.getScheme())) {
                        uris.add(uri);
                    }
                }
            }
        }
        return uris;
    }
}
