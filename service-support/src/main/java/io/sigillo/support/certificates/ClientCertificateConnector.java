package io.sigillo.support.certificates;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.util.net.openssl.ciphers.OpenSSLCipherConfigurationParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * A second port for the REST API, over TLS, that asks the client for a certificate issued by the trusted CAs
 * (ADR 0028). The plain HTTP port stays as it is: behind an Ingress that ends TLS no certificate reaches the
 * service, so a client that logs in with one connects to this port, passed through to it unopened.
 */
public class ClientCertificateConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private static final Logger LOG = LoggerFactory.getLogger(ClientCertificateConnector.class);

    private final ClientCertificateProperties settings;
    private final TrustedClientCas cas;

    public ClientCertificateConnector(ClientCertificateProperties settings, TrustedClientCas cas) {
        this.settings = settings;
        this.cas = cas;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (settings.httpsPort() <= 0 || !cas.enabled()) {
            return;
        }
        if (settings.keystorePath() == null || settings.keystorePath().isBlank()) {
            throw new IllegalStateException("sigillo.client-certificates.https-port needs "
                    + "sigillo.client-certificates.keystore-path, the TLS key of that port");
        }
        char[] password = settings.keystorePassword() == null ? new char[0]
                : settings.keystorePassword().toCharArray();
        SSLHostConfig tls = new SSLHostConfig();
        // Asked for, not required: the port also answers a client with a session token or a password.
        tls.setCertificateVerification("optional");
        tls.setTrustStore(cas.trustStore());
        tls.setProtocols("TLSv1.2+TLSv1.3");
        SSLHostConfigCertificate key = new SSLHostConfigCertificate(tls, SSLHostConfigCertificate.Type.UNDEFINED);
        key.setCertificateKeystore(keystore(Path.of(settings.keystorePath()), password));
        key.setCertificateKeystorePassword(new String(password));
        tls.addCertificate(key);

        // Tomcat parses the cipher list with a static table it fills on first use, unguarded: the local run starts
        // the access point's and the delivery point's connectors at once in one JVM, and two first uses collided
        // there. Filled here, under the parser's own lock, before either connector starts.
        synchronized (OpenSSLCipherConfigurationParser.class) {
            OpenSSLCipherConfigurationParser.parse("HIGH");
        }
        Connector connector = new Connector(Http11NioProtocol.class.getName());
        connector.setPort(settings.httpsPort());
        connector.setScheme("https");
        connector.setSecure(true);
        ((Http11NioProtocol) connector.getProtocolHandler()).setSSLEnabled(true);
        connector.addSslHostConfig(tls);
        factory.addAdditionalConnectors(connector);
        LOG.info("REST API over TLS with client certificates on port {}", settings.httpsPort());
    }

    private static KeyStore keystore(Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("TLS keystore " + file + ": " + e.getMessage(), e);
        }
    }
}
