package io.sigillo.pec.smime;

import io.sigillo.pec.mime.HeaderBlock;
import io.sigillo.pec.mime.MimeEntity;
import io.sigillo.pec.mime.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.util.Base64;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataStreamGenerator;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.io.TeeOutputStream;

/**
 * Signs provider messages as S/MIME: detached CMS SignedData over the exact bytes of the content entity,
 * {@code multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256}, the signer's certificate
 * inside and a signing-time attribute read from the provider's clock, the same clock that dates its receipts. One
 * instance per key, shared: it is thread-safe.
 */
public final class SmimeSigner {

    private static final byte[] CRLF = {'\r', '\n'};

    private final ProviderCredentials credentials;
    private final String algorithm;
    private final boolean ecdsaByBouncyCastle;
    private final DigestCalculatorProvider digests;
    private final JcaCertStore certificates;
    private final X509CertificateHolder signerCertificate;
    private final Clock clock;

    /**
     * Prepares a signer for the given key (RSA or EC), choosing SHA-256 with the key's algorithm, that states
     * {@code clock}'s time as each signature's signing time.
     */
    public SmimeSigner(ProviderCredentials credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
        this.algorithm = credentials.privateKey() instanceof ECKey ? "SHA256withECDSA" : "SHA256withRSA";
        // This JDK's ECDSA signs at half Bouncy Castle's rate on P-256 (it precomputes nothing for the curve's base
        // point). A key held by a token is no ECPrivateKey: it stays with its token's provider.
        this.ecdsaByBouncyCastle = credentials.privateKey() instanceof ECPrivateKey;
        try {
            // The JDK's own providers digest and sign with RSA: its SHA-256 runs on the processor's SHA instructions
            // (six times Bouncy Castle's pure-Java digest over a 20 KB envelope), its RSA is faster too, and a key
            // held by a PKCS#11 token is signed with by the token's provider, which a fixed provider could not do.
            this.digests = new JcaDigestCalculatorProviderBuilder().build();
            this.certificates = new JcaCertStore(credentials.chain());
            // Parsed once: given the JCA certificate, the builder would parse its encoding again for every signature.
            this.signerCertificate = new JcaX509CertificateHolder(credentials.certificate());
        } catch (OperatorCreationException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot prepare the signer: " + e.getMessage(), e);
        }
    }

    /** The certificate that signs. */
    public java.security.cert.X509Certificate certificate() {
        return credentials.certificate();
    }

    /**
     * Writes a complete signed message: the outer headers (without Content-Type, which this adds), then the
     * content entity streamed into both the output and the digest, then the signature part.
     */
    public void writeSigned(HeaderBlock outerHeaders, MimeEntity content, OutputStream out) throws IOException {
        String boundary = MimeMultipart.newBoundary();
        outerHeaders.raw("MIME-Version", "1.0");
        outerHeaders.raw("Content-Type", "multipart/signed; protocol=\"application/pkcs7-signature\"; "
                + "micalg=sha-256; boundary=\"" + boundary + "\"");
        outerHeaders.writeTo(out);
        out.write(CRLF);
        out.write(ascii("This is an S/MIME signed message\r\n\r\n--" + boundary + "\r\n"));

        ByteArrayOutputStream signature = new ByteArrayOutputStream(4096);
        try {
            CMSSignedDataStreamGenerator generator = new CMSSignedDataStreamGenerator();
            generator.addSignerInfoGenerator(signerInfo());
            generator.addCertificates(certificates);
            try (OutputStream digestSink = generator.open(signature, false)) {
                content.writeTo(new TeeOutputStream(out, digestSink));
            }
        } catch (CMSException e) {
            throw new IOException("signing failed: " + e.getMessage(), e);
        }

        out.write(ascii("\r\n--" + boundary + "\r\n"));
        out.write(ascii("Content-Type: application/pkcs7-signature; name=\"smime.p7s\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"smime.p7s\"\r\n"
                + "Content-Description: S/MIME Cryptographic Signature\r\n\r\n"));
        out.write(Base64.getMimeEncoder(76, CRLF).encode(signature.toByteArray()));
        out.write(ascii("\r\n--" + boundary + "--\r\n"));
    }

    /** The signed message as bytes. */
    public byte[] sign(HeaderBlock outerHeaders, MimeEntity content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writeSigned(outerHeaders, content, out);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    private SignerInfoGenerator signerInfo() throws IOException {
        try {
            // A ContentSigner holds one signature's state, so each message gets its own.
            JcaContentSignerBuilder builder = new JcaContentSignerBuilder(algorithm);
            if (ecdsaByBouncyCastle) {
                builder.setProvider(BouncyCastle.PROVIDER);
            }
            ContentSigner signer = builder.build(credentials.privateKey());
            return new JcaSignerInfoGeneratorBuilder(digests)
                    .setSignedAttributeGenerator(SigningTime.at(clock.instant()))
                    .build(signer, signerCertificate);
        } catch (OperatorCreationException e) {
            throw new IOException("cannot create a signer: " + e.getMessage(), e);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
