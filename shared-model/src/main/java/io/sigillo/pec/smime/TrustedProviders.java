package io.sigillo.pec.smime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The provider certificates whose signatures this provider accepts, matched by SHA-256 fingerprint as the
 * providers' index lists them ({@code providerCertificateHash}). Immutable; build a new one to reload.
 */
public final class TrustedProviders {

    private final Map<String, X509Certificate> byFingerprint;

    /** Trusts exactly the given certificates. */
    public TrustedProviders(Collection<X509Certificate> certificates) {
        this.byFingerprint = certificates.stream()
                .collect(Collectors.toUnmodifiableMap(TrustedProviders::fingerprint, Function.identity(), (a, b) -> a));
    }

    /** Reads every certificate entry of a PKCS#12 trust store. */
    public static TrustedProviders fromPkcs12(Path file, char[] password) throws KeystoreException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            var certs = new java.util.ArrayList<X509Certificate>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.getCertificate(alias) instanceof X509Certificate cert) {
                    certs.add(cert);
                }
            }
            return new TrustedProviders(certs);
        } catch (IOException | GeneralSecurityException e) {
            throw new KeystoreException("cannot read trust store " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads every certificate of a PEM (or DER) file. */
    public static TrustedProviders fromPem(Path file) throws KeystoreException {
        try (InputStream in = Files.newInputStream(file)) {
            return new TrustedProviders(CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList());
        } catch (IOException | GeneralSecurityException e) {
            throw new KeystoreException("cannot read certificates " + file + ": " + e.getMessage(), e);
        }
    }

    /** The trusted certificate with this exact encoding, if any. */
    public Optional<X509Certificate> find(X509Certificate certificate) {
        return Optional.ofNullable(byFingerprint.get(fingerprint(certificate)));
    }

    /** The trusted certificates. */
    public Collection<X509Certificate> certificates() {
        return byFingerprint.values();
    }

    /** How many certificates are trusted. */
    public int size() {
        return byFingerprint.size();
    }

    /** The lower-case hex SHA-256 of the certificate's DER encoding. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }
}
