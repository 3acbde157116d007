package io.sigillo.support.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
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
        return serverContext(keystore, password, null);
    }

    /**
     * As {@link #serverContext(Path, char[])}, checking the certificates clients present with {@code clientTrust}
     * (null: the JVM's default, for servers that ask for none).
     */
    public static SSLContext serverContext(Path keystore, char[] password, TrustManager[] clientTrust) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), clientTrust, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("TLS keystore " + keystore + ": " + e.getMessage(), e);
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
     * As {@link #clientSocketFactory(Path)}, checking the server's certificate against {@code serverName} (sent as
     * SNI) rather than the host dialled: for a server reached inside a cluster by a Service name while its
     * certificate names the public host (Dovecot in Kubernetes).
     */
    public static SSLSocketFactory clientSocketFactory(Path extraCaPem, String serverName) {
        SSLSocketFactory trusting = clientSocketFactory(extraCaPem);
        return new SSLSocketFactory() {
            private Socket named(Socket socket) {
                SSLSocket tls = (SSLSocket) socket;
                SSLParameters parameters = tls.getSSLParameters();
                // The JDK checks the name sent as SNI first, and the host dialled only when that fails.
                parameters.setServerNames(List.of(new SNIHostName(serverName)));
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(parameters);
                return tls;
            }

            @Override
            public String[] getDefaultCipherSuites() {
                return trusting.getDefaultCipherSuites();
            }

            @Override
            public String[] getSupportedCipherSuites() {
                return trusting.getSupportedCipherSuites();
            }

            @Override
            public Socket createSocket() throws IOException {
                return named(trusting.createSocket());
            }

            @Override
            public Socket createSocket(Socket plain, String host, int port, boolean autoClose) throws IOException {
                return named(trusting.createSocket(plain, host, port, autoClose));
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return named(trusting.createSocket(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
                    throws IOException {
                return named(trusting.createSocket(host, port, localHost, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return named(trusting.createSocket(host, port));
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                    throws IOException {
                return named(trusting.createSocket(address, port, localAddress, localPort));
            }
        };
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
