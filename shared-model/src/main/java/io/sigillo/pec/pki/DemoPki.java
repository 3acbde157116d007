package io.sigillo.pec.pki;

import io.sigillo.pec.index.LdifProvidersIndex;
import io.sigillo.pec.index.ProviderEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Creates demo PKI material: a demo CA, one PKCS#12 signing keystore per demo provider and a trust store of
 * their certificates. For local runs and tests only; never use these keys for real mail.
 *
 * <p>Run: {@code java io.sigillo.pec.pki.DemoPki DIR [--force]}. Writes {@code ca.pem}, {@code DOMAIN.p12},
 * {@code DOMAIN.pem}, {@code DOMAIN.smtp.p12} (TLS for its SMTP server on localhost), {@code trust.p12},
 * {@code trust.pem} and the demo providers' index
 * {@code providers-index.ldif}; keeps what is already there unless forced or about to expire. The CA lasts
 * twenty years, the provider and TLS certificates ten.
 */
public final class DemoPki {

    /** Password of every demo keystore. Demo material only. */
    public static final String DEMO_PASSWORD = "sigillo-demo";
    /** Alias of the signing key in each provider keystore. */
    public static final String SIGNING_ALIAS = "signing";

    /** The demo CA's keystore (its key under {@link #SIGNING_ALIAS}), beside {@code ca.pem}. */
    public static final String CA_KEYSTORE = "ca.p12";

    /** The demo CA's CRL, beside {@code ca.pem}, which every demo provider certificate names. */
    public static final String CA_CRL = "ca.crl";

    /** The two demo providers: alpha signs with RSA, beta with ECDSA P-256, so both kinds stay exercised. */
    public static final List<DemoProvider> DEMO_PROVIDERS = List.of(
            new DemoProvider("pec.alpha.example", "Alpha PEC S.p.A. (demo)", KeyKind.RSA_2048),
            new DemoProvider("pec.beta.example", "Beta PEC S.r.l. (demo)", KeyKind.EC_P256));

    /** How long the demo providers' signing and TLS certificates last. */
    public static final Period LEAF_LIFETIME = Period.ofYears(10);
    /** How long the demo CA lasts. */
    public static final Period CA_LIFETIME = Period.ofYears(20);
    /** Material that expires sooner than this is made anew by {@link #run}. */
    public static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private static final java.security.Provider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Key algorithms a demo provider can have. */
    public enum KeyKind { RSA_2048, EC_P256 }

    /** One demo provider: its domain, legal name and key kind. */
    public record DemoProvider(String domain, String name, KeyKind keyKind) {
    }

    /** A certificate and its key. */
    public record Issued(KeyPair keys, X509Certificate certificate) {
    }

    private DemoPki() {
    }

    /**
     * Entry point: {@code DemoPki DIR [--force] [--mail-host DOMAIN=HOST:PORT]...}. A mail host replaces the
     * demo's {@code localhost:2525}/{@code 2526} in the index and is added to that provider's SMTP certificate,
     * for providers that reach each other by name (docker-compose.yml).
     */
    public static void main(String[] args) throws Exception {
        // A command-line program: its clock is the system's.
        run(args, Clock.systemUTC());
    }

    /**
     * As {@link #main}, on {@code clock}. Material already in {@code DIR} is kept unless forced, or unless one of
     * its certificates expires within {@link #RENEW_BEFORE}: then it is all made anew, so a demo installation
     * never runs on expired keys.
     */
    public static void run(String[] args, Clock clock) throws IOException, GeneralSecurityException {
        Path dir = Path.of(args.length > 0 && !args[0].startsWith("--") ? args[0] : "data/pki");
        boolean force = List.of(args).contains("--force");
        Map<String, String> mailHosts = new LinkedHashMap<>();
        Map<String, List<String>> tlsNames = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--mail-host")) {
                if (i + 1 == args.length || !args[i + 1].matches("[^=]+=[^:]+:\\d+")) {
                    throw new IllegalArgumentException("--mail-host needs DOMAIN=HOST:PORT");
                }
                String[] pair = args[++i].split("=", 2);
                mailHosts.put(pair[0], pair[1]);
            } else if (args[i].equals("--tls-name")) {
                if (i + 1 == args.length || !args[i + 1].matches("[^=]+=[A-Za-z0-9.-]+")) {
                    throw new IllegalArgumentException("--tls-name needs DOMAIN=HOST");
                }
                String[] pair = args[++i].split("=", 2);
                tlsNames.computeIfAbsent(pair[0], d -> new ArrayList<>()).add(pair[1]);
            }
        }
        Instant now = clock.instant();
        if (!force && complete(dir)) {
            Instant expires = firstExpiry(dir);
            if (expires.isAfter(now.plus(RENEW_BEFORE))) {
                System.out.println("Demo PKI already in " + dir.toAbsolutePath() + ", valid until " + expires
                        + " (use --force to recreate)");
                return;
            }
            System.out.println("Demo PKI in " + dir.toAbsolutePath() + " expires " + expires
                    + ": making it anew (messages signed with the old keys no longer verify against the new CA)");
        }
        write(dir, DEMO_PROVIDERS, mailHosts, tlsNames, now);
        System.out.println("Demo PKI written to " + dir.toAbsolutePath() + " (demo material, password \""
                + DEMO_PASSWORD + "\", valid until " + notAfter(now, LEAF_LIFETIME).toInstant() + "):");
        try (var files = Files.list(dir)) {
            files.sorted().forEach(f -> System.out.println("  " + f.getFileName()));
        }
    }

    private static boolean complete(Path dir) {
        return Files.exists(dir.resolve("trust.p12")) && Files.exists(dir.resolve("ca.pem"))
                && DEMO_PROVIDERS.stream().allMatch(p -> Files.exists(dir.resolve(p.domain() + ".p12"))
                        && Files.exists(dir.resolve(p.domain() + ".smtp.p12")));
    }

    /** When the first certificate of the demo material in {@code dir} expires: the CA or any provider key. */
    static Instant firstExpiry(Path dir) throws IOException, GeneralSecurityException {
        List<X509Certificate> certificates = new ArrayList<>(readPem(dir.resolve("ca.pem")));
        for (DemoProvider p : DEMO_PROVIDERS) {
            for (String file : List.of(p.domain() + ".p12", p.domain() + ".smtp.p12")) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                try (var in = Files.newInputStream(dir.resolve(file))) {
                    store.load(in, DEMO_PASSWORD.toCharArray());
                }
                certificates.add((X509Certificate) store.getCertificate(SIGNING_ALIAS));
            }
        }
        return certificates.stream().map(c -> c.getNotAfter().toInstant()).min(Instant::compareTo).orElseThrow();
    }

    private static List<X509Certificate> readPem(Path file) throws IOException, GeneralSecurityException {
        try (var in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
        }
    }

    /**
     * Writes a fresh CA, a keystore per provider and the trust store into {@code dir}, every certificate valid
     * from {@code issuedAt} (less an hour, for clocks a little behind) for {@link #LEAF_LIFETIME}, the CA for
     * {@link #CA_LIFETIME}; with the mail hosts ({@code domain → host:port}) the index lists for some providers
     * instead of the demo's local ports.
     */
    public static void write(Path dir, List<DemoProvider> providers, Map<String, String> mailHosts,
            Instant issuedAt) throws IOException, GeneralSecurityException {
        write(dir, providers, mailHosts, Map.of(), issuedAt);
    }

    /**
     * As {@link #write(Path, List, Map, Instant)}, with more host names ({@code domain → names}) in some providers'
     * TLS certificates: a provider's IMAP server on a host of its own, say.
     */
    public static void write(Path dir, List<DemoProvider> providers, Map<String, String> mailHosts,
            Map<String, List<String>> tlsNames, Instant issuedAt) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        Issued ca = newCa("Sigillo Demo CA", issuedAt);
        writePem(dir.resolve("ca.pem"), List.of(ca.certificate()));
        // The CA's key, so a test can revoke, and its CRL, empty and current for the certificates' lifetime, where
        // every provider certificate says it is (ADR 0021).
        writeKeystore(dir.resolve(CA_KEYSTORE), ca, ca.certificate());
        URI crl = dir.resolve(CA_CRL).toAbsolutePath().toUri();
        Files.write(dir.resolve(CA_CRL), crl(ca, Map.of(), notBefore(issuedAt).toInstant(),
                notAfter(issuedAt, LEAF_LIFETIME).toInstant()));
        KeyStore trust = emptyStore();
        trust.setCertificateEntry("demo-ca", ca.certificate());
        List<X509Certificate> providerCerts = new ArrayList<>();
        List<ProviderEntry> index = new ArrayList<>();
        int smtpPort = 2525;
        for (DemoProvider p : providers) {
            Issued issued = issueProvider(ca, p, issuedAt, crl);
            providerCerts.add(issued.certificate());
            String mailHost = mailHosts.getOrDefault(p.domain(), "localhost:" + smtpPort);
            smtpPort++;
            index.add(new ProviderEntry(p.name(), List.of(issued.certificate()), "posta-certificata@" + p.domain(),
                    List.of(p.domain()), mailHost));
            writeKeystore(dir.resolve(p.domain() + ".p12"), issued, ca.certificate());
            writeKeystore(dir.resolve(p.domain() + ".smtp.p12"),
                    issueSmtpServer(ca, p, mailHost.substring(0, mailHost.lastIndexOf(':')),
                            tlsNames.getOrDefault(p.domain(), List.of()), issuedAt),
                    ca.certificate());
            writePem(dir.resolve(p.domain() + ".pem"), List.of(issued.certificate()));
            trust.setCertificateEntry(p.domain(), issued.certificate());
        }
        try (OutputStream out = Files.newOutputStream(dir.resolve("trust.p12"))) {
            trust.store(out, DEMO_PASSWORD.toCharArray());
        }
        writePem(dir.resolve("trust.pem"), providerCerts);
        Files.writeString(dir.resolve("providers-index.ldif"),
                LdifProvidersIndex.write(index, "o=Sigillo demo index,c=IT"), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("README.txt"), "DEMO MATERIAL. Created by Sigillo's DemoPki for local runs "
                + "and tests. Keystore password: " + DEMO_PASSWORD + ". Never use these keys for real mail.\n");
    }

    /** A self-signed CA certificate valid {@link #CA_LIFETIME} from {@code issuedAt}. */
    public static Issued newCa(String commonName, Instant issuedAt) throws GeneralSecurityException {
        KeyPair keys = keyPair(KeyKind.RSA_2048);
        X500Name subject = new X500Name("CN=" + commonName + ", O=Sigillo demo, C=IT");
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    notBefore(issuedAt), notAfter(issuedAt, CA_LIFETIME), subject,
                    keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(keys.getPublic()));
            return new Issued(keys, sign(builder, keys.getPrivate()));
        } catch (CertIOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /**
     * A provider signing certificate issued by {@code ca}, for {@code posta-certificata@domain}, valid
     * {@link #LEAF_LIFETIME} from {@code issuedAt}.
     */
    public static Issued issueProvider(Issued ca, DemoProvider provider, Instant issuedAt)
            throws GeneralSecurityException {
        return issueProvider(ca, provider, issuedAt, null);
    }

    /** As {@link #issueProvider(Issued, DemoProvider, Instant)}, naming {@code crl} as its CRL distribution point. */
    public static Issued issueProvider(Issued ca, DemoProvider provider, Instant issuedAt, URI crl)
            throws GeneralSecurityException {
        KeyPair keys = keyPair(provider.keyKind());
        X500Name subject = new X500Name("CN=" + provider.domain() + ", O=" + provider.name().replace(",", "\\,")
                + ", C=IT");
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            PublicKey caKey = ca.certificate().getPublicKey();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
                    notBefore(issuedAt), notAfter(issuedAt, LEAF_LIFETIME), subject,
                    keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_emailProtection))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                            new GeneralName(GeneralName.rfc822Name, "posta-certificata@" + provider.domain())))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caKey));
            if (crl != null) {
                GeneralNames where = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier,
                        crl.toString()));
                builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(
                        new DistributionPoint[] {new DistributionPoint(new DistributionPointName(where), null, null)}));
            }
            return new Issued(keys, sign(builder, ca.keys().getPrivate()));
        } catch (CertIOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /**
     * A TLS server certificate for a demo provider's SMTP incoming point, valid for {@code localhost} and
     * {@code 127.0.0.1}, where the demo providers listen, for {@code host} and for {@code otherNames} (its IMAP
     * server's host, say); valid {@link #LEAF_LIFETIME} from {@code issuedAt}.
     */
    public static Issued issueSmtpServer(Issued ca, DemoProvider provider, String host, List<String> otherNames,
            Instant issuedAt) throws GeneralSecurityException {
        KeyPair keys = keyPair(KeyKind.EC_P256);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
                    notBefore(issuedAt), notAfter(issuedAt, LEAF_LIFETIME),
                    new X500Name("CN=localhost, OU=SMTP " + provider.domain() + ", O=Sigillo demo, C=IT"),
                    keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(Stream.concat(Stream.of(
                            new GeneralName(GeneralName.dNSName, "localhost"),
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                            new GeneralName(GeneralName.dNSName, host)),
                            otherNames.stream().map(name -> new GeneralName(GeneralName.dNSName, name)))
                            .distinct().toArray(GeneralName[]::new)))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            ext.createAuthorityKeyIdentifier(ca.certificate().getPublicKey()));
            return new Issued(keys, sign(builder, ca.keys().getPrivate()));
        } catch (CertIOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /**
     * A CRL of {@code ca}, issued at {@code thisUpdate} and next due at {@code nextUpdate}, listing each certificate
     * of {@code revoked} as revoked at its instant (key compromise), DER-encoded.
     */
    public static byte[] crl(Issued ca, Map<X509Certificate, Instant> revoked, Instant thisUpdate,
            Instant nextUpdate) throws GeneralSecurityException {
        X509v2CRLBuilder builder = new X509v2CRLBuilder(X500Name.getInstance(
                ca.certificate().getSubjectX500Principal().getEncoded()), Date.from(thisUpdate))
                .setNextUpdate(Date.from(nextUpdate));
        revoked.forEach((certificate, at) -> builder.addCRLEntry(certificate.getSerialNumber(), Date.from(at),
                CRLReason.keyCompromise));
        try {
            return builder.build(new JcaContentSignerBuilder("SHA256withRSA").setProvider(BC)
                    .build(ca.keys().getPrivate())).getEncoded();
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** Writes a PKCS#12 keystore with the signing key under {@link #SIGNING_ALIAS} and its chain. */
    public static void writeKeystore(Path file, Issued issued, X509Certificate caCert)
            throws IOException, GeneralSecurityException {
        KeyStore store = emptyStore();
        // The CA's own keystore holds a chain of one.
        store.setKeyEntry(SIGNING_ALIAS, issued.keys().getPrivate(), DEMO_PASSWORD.toCharArray(),
                issued.certificate().equals(caCert) ? new java.security.cert.Certificate[] {caCert}
                        : new java.security.cert.Certificate[] {issued.certificate(), caCert});
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, DEMO_PASSWORD.toCharArray());
        }
    }

    /** Writes certificates as PEM. */
    public static void writePem(Path file, List<X509Certificate> certs) throws IOException, GeneralSecurityException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (X509Certificate c : certs) {
                w.write("-----BEGIN CERTIFICATE-----\n");
                w.write(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded()));
                w.write("\n-----END CERTIFICATE-----\n");
            }
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    static KeyPair keyPair(KeyKind kind) throws GeneralSecurityException {
        if (kind == KeyKind.EC_P256) {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return gen.generateKeyPair();
        }
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048, RANDOM);
        return gen.generateKeyPair();
    }

    static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws GeneralSecurityException {
        String algorithm = "EC".equals(issuerKey.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        try {
            return new JcaX509CertificateConverter().setProvider(BC)
                    .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).setProvider(BC)
                            .build(issuerKey)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    static Date notBefore(Instant issuedAt) {
        return Date.from(issuedAt.minus(Duration.ofHours(1)));
    }

    static Date notAfter(Instant issuedAt, Period lifetime) {
        return Date.from(issuedAt.atZone(ZoneOffset.UTC).plus(lifetime).toInstant());
    }

    static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }
}
