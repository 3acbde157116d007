package io.sigillo.support.certificates;

import io.sigillo.support.smtp.SmtpTls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The CAs whose client certificates this provider accepts (ADR 0028), loaded once: they check a certificate an
 * owner binds to a mailbox, and the TLS servers that ask for one advertise and check them.
 */
public final class TrustedClientCas {

    private final List<X509Certificate> cas;
    private final Set<TrustAnchor> anchors;
    private final KeyStore trustStore;

    private TrustedClientCas(List<X509Certificate> cas) throws GeneralSecurityException, IOException {
        this.cas = List.copyOf(cas);
        // PKIXParameters refuses an empty set: with no CA, check() refuses before it is asked.
        this.anchors = cas.stream().map(c -> new TrustAnchor(c, null)).collect(Collectors.toUnmodifiableSet());
        this.trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        for (int i = 0; i < cas.size(); i++) {
            trustStore.setCertificateEntry("client-ca-" + i, cas.get(i));
        }
    }

    /** No CA: this provider takes no client certificate anywhere. */
    public static TrustedClientCas none() {
        try {
            return new TrustedClientCas(List.of());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("an empty trust store is always possible", e);
        }
    }

    /** The CAs of the file the settings name, or none when they name none. */
    public static TrustedClientCas of(ClientCertificateProperties settings) {
        return settings.enabled() ? load(Path.of(settings.caPath())) : none();
    }

    /** The CAs of a PEM file; it must hold at least one. */
    public static TrustedClientCas load(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> cas = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            if (cas.isEmpty()) {
                throw new IllegalStateException("no certificate in " + pem);
            }
            return new TrustedClientCas(cas);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("client certificate CAs " + pem + ": " + e.getMessage(), e);
        }
    }

    /** The CAs, as a TLS server names them to clients choosing a certificate. */
    public List<X509Certificate> cas() {
        return cas;
    }

    /** Whether any certificate can be accepted. */
    public boolean enabled() {
        return !cas.isEmpty();
    }

    /**
     * Checks that {@code chain} (the certificate first, then any intermediates) leads to one of the CAs at
     * {@code at}, and that the certificate may authenticate a TLS client; the reason when it does not.
     */
    public void check(List<X509Certificate> chain, Instant at) throws CertificateRefused {
        if (!enabled()) {
            throw new CertificateRefused("this provider accepts no client certificates (no CA is configured)");
        }
        if (chain.isEmpty()) {
            throw new CertificateRefused("no certificate");
        }
        X509Certificate certificate = chain.get(0);
        try {
            certificate.checkValidity(Date.from(at));
        } catch (GeneralSecurityException e) {
            throw new CertificateRefused("the certificate is not valid at " + at + " (valid "
                    + certificate.getNotBefore().toInstant() + " to " + certificate.getNotAfter().toInstant() + ")");
        }
        if (certificate.getBasicConstraints() >= 0) {
            throw new CertificateRefused("this is a CA certificate, not a person's");
        }
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            // Revocation is the binding's to say here: the owner or the operator removes it (ADR 0028).
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
            List<String> usages = certificate.getExtendedKeyUsage();
            if (usages != null && !usages.contains("1.3.6.1.5.5.7.3.2") && !usages.contains("2.5.29.37.0")) {
                throw new CertificateRefused("the certificate may not authenticate a TLS client (extended key "
                        + "usage without clientAuth)");
            }
        } catch (CertPathValidatorException e) {
            throw new CertificateRefused("the certificate is not issued by a CA this provider accepts for logins"
                    + " (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw new CertificateRefused("the certificate cannot be checked: " + e.getMessage());
        }
    }

    /**
     * A TLS server context presenting the key of a PKCS#12 keystore that asks clients for a certificate issued by
     * these CAs; the caller asks for one with {@code setWantClientAuth}.
     */
    public SSLContext serverContext(Path keystore, char[] password) {
        try {
            return SmtpTls.serverContext(keystore, password, trustManagers());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("client certificate CAs: " + e.getMessage(), e);
        }
    }

    /** Trust managers that accept client certificates issued by these CAs. */
    public TrustManager[] trustManagers() throws GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore);
        return trust.getTrustManagers();
    }

    /** These CAs as a trust store. */
    public KeyStore trustStore() {
        return trustStore;
    }

    /** The SHA-256 of a certificate's DER encoding, in lower-case hex: what a binding pins. */
    public static String sha256(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("unencodable certificate", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }

    /** Why a certificate cannot be bound or used, in words for its owner. */
    public static final class CertificateRefused extends Exception {

        public CertificateRefused(String reason) {
            super(reason);
        }
    }
}
