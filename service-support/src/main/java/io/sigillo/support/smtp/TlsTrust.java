package io.sigillo.support.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** TLS trust for SMTP between providers: the JVM's CAs plus, optionally, the CAs of a PEM file. */
public final class TlsTrust {

    private TlsTrust() {
    }

    /** A socket factory trusting the JVM's CAs and those in {@code extraCaPem} (may be null). */
    public static SSLSocketFactory socketFactory(Path extraCaPem) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
            if (Files.exists(cacerts)) {
                try (InputStream in = Files.newInputStream(cacerts)) {
                    store.load(in, null);
                }
            } else {
                store.load(null, null);
            }
            if (extraCaPem != null) {
                try (InputStream in = Files.newInputStream(extraCaPem)) {
                    int i = 0;
                    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        store.setCertificateEntry("sigillo-extra-" + i++, c);
                    }
                }
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS trust" + (extraCaPem == null ? "" : " with "
                    + extraCaPem) + ": " + e.getMessage(), e);
        }
    }
}
