package io.sigillo.pec.testing;

import io.sigillo.infra.TestTime;
import io.sigillo.pec.index.LdifProvidersIndex;
import io.sigillo.pec.index.ProviderEntry;
import io.sigillo.pec.index.ProvidersIndexException;
import io.sigillo.pec.pki.DemoClientCertificates;
import io.sigillo.pec.pki.DemoPki;
import io.sigillo.pec.smime.KeystoreException;
import io.sigillo.pec.smime.ProviderCredentials;
import io.sigillo.pec.smime.SmimeSigner;
import io.sigillo.pec.smime.TrustedProviders;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Demo PKI for tests, made once per JVM under {@code target/test-pki}: the two demo providers (alpha RSA,
 * beta EC) and a rogue provider from another CA that nobody trusts, issued {@link #ISSUED_AT}. Keys are read back
 * from the PKCS#12 files, as production reads them.
 */
public final class TestPki {

    /**
     * When the test PKI's certificates were issued: three years before the tests' now, so the 30 months of history
     * the tests write fall within their ten years, and so does the real time that openssl and the JDK's TLS
     * check them against, for any shift of the tests' time up to three years either way.
     */
    public static final Instant ISSUED_AT = TestTime.start().atZone(ZoneOffset.UTC).minusYears(3).toInstant();

    private static TestPki instance;

    private final Path dir;
    private final ProviderCredentials alpha;
    private final ProviderCredentials beta;
    private final ProviderCredentials rogue;
    private final TrustedProviders trust;

    private TestPki(Path dir) throws IOException, GeneralSecurityException, KeystoreException {
        this.dir = dir;
        DemoPki.write(dir, DemoPki.DEMO_PROVIDERS, Map.of(), ISSUED_AT);
        Path rogueDir = dir.resolve("rogue");
        DemoPki.write(rogueDir, List.of(new DemoPki.DemoProvider("pec.rogue.example", "Rogue S.p.A.",
                DemoPki.KeyKind.RSA_2048)), Map.of(), ISSUED_AT);
        char[] pw = DemoPki.DEMO_PASSWORD.toCharArray();
        alpha = ProviderCredentials.fromPkcs12(dir.resolve("pec.alpha.example.p12"), pw, DemoPki.SIGNING_ALIAS);
        beta = ProviderCredentials.fromPkcs12(dir.resolve("pec.beta.example.p12"), pw, null);
        rogue = ProviderCredentials.fromPkcs12(rogueDir.resolve("pec.rogue.example.p12"), pw, null);
        trust = TrustedProviders.fromPem(dir.resolve("trust.pem"));
        // Client certificates of this JVM's own issue, valid from ISSUED_AT as the rest.
        Files.deleteIfExists(dir.resolve("clients-ca.p12"));
        if (Files.isDirectory(dir.resolve("clients"))) {
            try (var issued = Files.list(dir.resolve("clients"))) {
                for (Path file : issued.toList()) {
                    Files.delete(file);
                }
            }
        }
        DemoClientCertificates.write(dir, List.of(), ISSUED_AT);
    }

    /** The shared instance, created on first use. */
    public static synchronized TestPki get() {
        if (instance == null) {
            try {
                Path dir = Path.of("target", "test-pki").toAbsolutePath();
                Files.createDirectories(dir);
                instance = new TestPki(dir);
            } catch (IOException | GeneralSecurityException | KeystoreException e) {
                throw new IllegalStateException("cannot create the test PKI", e);
            }
        }
        return instance;
    }

    /** Directory with ca.pem, the keystores and trust stores. */
    public Path dir() {
        return dir;
    }

    /** The demo CA, with its key: tests revoke with it. */
    public DemoPki.Issued ca() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(dir.resolve(DemoPki.CA_KEYSTORE))) {
                store.load(in, DemoPki.DEMO_PASSWORD.toCharArray());
            }
            X509Certificate certificate = (X509Certificate) store.getCertificate(DemoPki.SIGNING_ALIAS);
            PrivateKey key = (PrivateKey) store.getKey(DemoPki.SIGNING_ALIAS, DemoPki.DEMO_PASSWORD.toCharArray());
            return new DemoPki.Issued(new KeyPair(certificate.getPublicKey(), key), certificate);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the demo CA", e);
        }
    }

    /** The demo CA certificate file. */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** The CA of the demo client certificates (ADR 0028). */
    public Path clientCaPem() {
        return dir.resolve(DemoClientCertificates.CA_PEM);
    }

    /**
     * A client certificate for {@code address} issued by that CA, made at the first call: the PKCS#12 (key and
     * chain) it returns sits beside {@code ADDRESS.pem} (the certificate) and {@code ADDRESS.key} (the key, PEM).
     */
    public synchronized Path clientCertificate(String address) {
        Path keystore = dir.resolve("clients").resolve(address + ".p12");
        try {
            if (!Files.exists(keystore)) {
                DemoClientCertificates.write(dir, List.of(address), ISSUED_AT);
            }
            return keystore;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue a client certificate for " + address, e);
        }
    }

    /**
     * A TLS client context that trusts the demo CA (the providers' TLS certificates) and presents the client
     * certificate of {@code clientKeystore}, or none when it is null.
     */
    public SSLContext clientTls(Path clientKeystore) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("demo-ca", ca().certificate());
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(
                    TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            if (clientKeystore == null) {
                keys.load(null, null);
            } else {
                try (InputStream in = Files.newInputStream(clientKeystore)) {
                    keys.load(in, DemoPki.DEMO_PASSWORD.toCharArray());
                }
            }
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, DemoPki.DEMO_PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS with " + clientKeystore, e);
        }
    }

    /** Provider alpha's RSA credentials. */
    public ProviderCredentials alpha() {
        return alpha;
    }

    /** Provider beta's ECDSA P-256 credentials. */
    public ProviderCredentials beta() {
        return beta;
    }

    /** A provider outside the trust store. */
    public ProviderCredentials rogue() {
        return rogue;
    }

    /** Alpha and beta. */
    public TrustedProviders trust() {
        return trust;
    }

    /**
     * Writes the demo providers' index to {@code file} with the given mail hosts ({@code domain → host:port})
     * instead of the demo ports, for tests that listen on free ports; returns the file.
     */
    public static Path indexWithMailHosts(Path dir, Path file, Map<String, String> mailHosts) {
        try {
            List<ProviderEntry> entries = LdifProvidersIndex.read(dir.resolve("providers-index.ldif")).providers()
                    .stream().map(p -> {
                        String host = p.managedDomains().stream().map(mailHosts::get).filter(Objects::nonNull)
                                .findFirst().orElse(p.mailHost());
                        return new ProviderEntry(p.providerName(), p.certificates(), p.mailReceipt(),
                                p.managedDomains(), host);
                    }).toList();
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, LdifProvidersIndex.write(entries, "o=Sigillo test index,c=IT"));
            return file;
        } catch (IOException | ProvidersIndexException e) {
            throw new IllegalStateException("cannot write the test index " + file, e);
        }
    }

    /** A signer for alpha, signing at {@code clock}'s time. */
    public SmimeSigner alphaSigner(Clock clock) {
        return new SmimeSigner(alpha, clock);
    }
}
