package io.sigillo.pec.pki;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * Demo client certificates (ADR 0028): a CA for mail users' certificates, apart from the providers' CA, and one
 * certificate per demo mailbox, its common name the address. For local runs and tests only.
 *
 * <p>Writes {@code clients-ca.pem} and {@code clients-ca.p12} (its key, to issue more), then per address
 * {@code clients/ADDRESS.p12} (key and chain, for a mail client), {@code clients/ADDRESS.pem} (the certificate, to
 * bind) and {@code clients/ADDRESS.key} (the key in PEM, for curl and openssl). What exists is kept.
 */
public final class DemoClientCertificates {

    /** The CA's certificate, which the services and Dovecot take as the CA of client certificates. */
    public static final String CA_PEM = "clients-ca.pem";

    private static final String CA_KEYSTORE = "clients-ca.p12";

    private DemoClientCertificates() {
    }

    /** Writes the CA when missing and a certificate for each address that has none, valid from {@code issuedAt}. */
    public static void write(Path dir, List<String> addresses, Instant issuedAt)
            throws IOException, GeneralSecurityException {
        Files.createDirectories(dir.resolve("clients"));
        DemoPki.Issued ca = Files.exists(dir.resolve(CA_KEYSTORE)) && Files.exists(dir.resolve(CA_PEM))
                ? ca(dir) : null;
        if (ca == null) {
            ca = DemoPki.newCa("Sigillo Demo Client CA", issuedAt);
            DemoPki.writeKeystore(dir.resolve(CA_KEYSTORE), ca, ca.certificate());
            DemoPki.writePem(dir.resolve(CA_PEM), List.of(ca.certificate()));
        }
        for (String address : addresses) {
            Path keystore = dir.resolve("clients").resolve(address + ".p12");
            if (Files.exists(keystore)) {
                continue;
            }
            DemoPki.Issued issued = issue(ca, address, issuedAt);
            DemoPki.writeKeystore(keystore, issued, ca.certificate());
            DemoPki.writePem(dir.resolve("clients").resolve(address + ".pem"), List.of(issued.certificate()));
            Path key = dir.resolve("clients").resolve(address + ".key");
            Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(issued.keys().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n",
                    StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** A client certificate for {@code address} (common name and e-mail address), valid ten years. */
    public static DemoPki.Issued issue(DemoPki.Issued ca, String address, Instant issuedAt)
            throws GeneralSecurityException {
        KeyPair keys = DemoPki.keyPair(DemoPki.KeyKind.EC_P256);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "IT")
                .addRDN(BCStyle.O, "Sigillo demo").addRDN(BCStyle.CN, address).build();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), DemoPki.serial(),
                    DemoPki.notBefore(issuedAt), DemoPki.notAfter(issuedAt, DemoPki.LEAF_LIFETIME), subject,
                    keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(new GeneralName(GeneralName.rfc822Name, address)))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            ext.createAuthorityKeyIdentifier(ca.certificate().getPublicKey()));
            return new DemoPki.Issued(keys, DemoPki.sign(builder, ca.keys().getPrivate()));
        } catch (CertIOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** The CA {@link #write} made in {@code dir}, with its key. */
    public static DemoPki.Issued ca(Path dir) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(CA_KEYSTORE))) {
            store.load(in, DemoPki.DEMO_PASSWORD.toCharArray());
        }
        X509Certificate certificate = (X509Certificate) store.getCertificate(DemoPki.SIGNING_ALIAS);
        PrivateKey key = (PrivateKey) store.getKey(DemoPki.SIGNING_ALIAS, DemoPki.DEMO_PASSWORD.toCharArray());
        return new DemoPki.Issued(new KeyPair(certificate.getPublicKey(), key), certificate);
    }
}
