package io.sigillo.support.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.slf4j.LoggerFactory;

/** TLS for SMTP between providers: the server's key from PKCS#12, the client's trust from the JVM and a PEM file. */
public final class SmtpTls {

    private SmtpTls() {
    }

    /** A server context presenting the key and certificate chain of a PKCS#12 keystore. */
    public static SSLContext serverContext(Path keystore, char[] password) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("SMTP TLS keystore " + keystore + ": " + e.getMessage(), e);
        }
    }

    /** A client socket factory trusting the JVM's CAs and those in {@code extraCaPem} (may be null). */
    public static SSLSocketFactory clientSocketFactory(Path extraCaPem) {
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
            if (extraCaPem != null && !Files.exists(extraCaPem)) {
                // An optional ConfigMap never created: the JDK's CAs alone, as without the setting.
                LoggerFactory.getLogger(SmtpTls.class).warn("No CA file at {}: trusting the JDK's CAs only",
                        extraCaPem);
            } else if (extraCaPem != null) {
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

    /**
     * A client socket factory that accepts any server certificate: for opportunistic TLS only (RFC 7435), where an
     * encrypted session with an unverified server is still better than the clear text it would otherwise be.
     */
    public static SSLSocketFactory opportunisticSocketFactory() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                    // A client's certificate is never asked for here.
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                    // Any: the encryption is opportunistic and the server is not authenticated.
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JVM: " + e.getMessage(), e);
        }
    }
}
