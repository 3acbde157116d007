package io.sigillo.pec.smime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessable;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Checks a detached CMS signature over the exact signed bytes, then that the signer is a trusted provider whose
 * certificate allows signing and was valid: at reception, when a message arrives, or when it says it was signed,
 * when a stored one is read again (ADR 0021).
 */
public final class SmimeVerifier {

    /** When a signer's certificate must have been valid, and which digests are still taken. */
    public enum Moment {
        /**
         * A message arriving now: the certificate valid now (within {@link #CLOCK_SKEW} of a clock ahead of ours),
         * SHA-1 refused. The time a signer claims is its own word.
         */
        RECEPTION,
        /** A message kept from earlier: the certificate valid when the message says it was signed; SHA-1 read. */
        ARCHIVE
    }

    /** How far another provider's clock may be ahead of ours. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /** How many signers' certificates are kept decoded, at most: far more than the providers in the index. */
    private static final int SIGNERS_KEPT = 256;

    private final Supplier<TrustedProviders> trust;
    private final Clock clock;
    private final Moment moment;
    private final JcaX509CertificateConverter converter = new JcaX509CertificateConverter()
            .setProvider(BouncyCastle.PROVIDER);
    // The content is digested by the JDK (its SHA runs on the processor's SHA instructions, several times faster
    // than Bouncy Castle's over a large message); the signature itself is checked by Bouncy Castle, which knows
    // every algorithm another provider may use.
    private final JcaSignerInfoVerifierBuilder verifiers;
    private final Map<ByteBuffer, Signer> signers = new ConcurrentHashMap<>();

    /**
     * A verifier that asks {@code trust} for the current trusted providers on every check, so a reloaded
     * providers' index takes effect at once.
     */
    public SmimeVerifier(Supplier<TrustedProviders> trust, Clock clock) {
        this(trust, clock, Moment.RECEPTION);
    }

    /** A verifier for messages arriving now or read again from an archive. */
    public SmimeVerifier(Supplier<TrustedProviders> trust, Clock clock, Moment moment) {
        this.trust = trust;
        this.clock = clock;
        this.moment = moment;
        try {
            this.verifiers = new JcaSignerInfoVerifierBuilder(new JcaDigestCalculatorProviderBuilder().build())
                    .setProvider(BouncyCastle.PROVIDER);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("the JDK offers no message digests: " + e.getMessage(), e);
        }
    }

    /** Checks {@code signature} (DER CMS SignedData, detached) over {@code signedContent}. */
    public SignatureCheck verify(byte[] signedContent, byte[] signature) {
        return verify(signedContent, 0, signedContent.length, signature);
    }

    /**
     * Checks {@code signature} over the {@code length} bytes of {@code message} from {@code offset}: the signed
     * part of a multipart/signed message, read where it lies rather than copied out of a message of up to 100 MB.
     */
    public SignatureCheck verify(byte[] message, int offset, int length, byte[] signature) {
        CMSSignedData data;
        SignerInformation signerInfo;
        try {
            data = new CMSSignedData(new ContentSlice(message, offset, length), signature);
            Collection<SignerInformation> signers = data.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                return new SignatureCheck(SignatureCheck.Status.MALFORMED,
                        "the signature holds " + signers.size() + " signers; a provider signs alone", null, null);
            }
            signerInfo = signers.iterator().next();
        } catch (CMSException | RuntimeException e) {
            return new SignatureCheck(SignatureCheck.Status.MALFORMED,
                    "the signature is not a readable CMS SignedData: " + e.getMessage(), null, null);
        }
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = data.getCertificates().getMatches(signerInfo.getSID());
        if (matches.isEmpty()) {
            return new SignatureCheck(SignatureCheck.Status.UNTRUSTED,
                    "the signer's certificate is not included in the signature", null, null);
        }
        Signer known;
        try {
            known = signer(matches.iterator().next());
        } catch (CertificateException | IOException e) {
            return new SignatureCheck(SignatureCheck.Status.MALFORMED,
                    "the signer's certificate cannot be decoded: " + e.getMessage(), null, null);
        } catch (OperatorCreationException e) {
            return new SignatureCheck(SignatureCheck.Status.MALFORMED,
                    "the signature cannot be checked: " + e.getMessage(), null, null);
        }
        X509Certificate signer = known.certificate();
        Instant signingTime = signingTime(signerInfo);
        try {
            boolean intact = signerInfo.verify(known.verifier());
            if (!intact) {
                return new SignatureCheck(SignatureCheck.Status.INVALID,
                        "the signature does not match the content: it was altered after signing", signer, signingTime);
            }
        } catch (CMSException e) {
            return new SignatureCheck(SignatureCheck.Status.INVALID,
                    "the signature does not match the content: it was altered after signing (" + e.getMessage()
                            + ")", signer, signingTime);
        } catch (RuntimeException e) {
            return new SignatureCheck(SignatureCheck.Status.MALFORMED,
                    "the signature cannot be checked: " + e.getMessage(), signer, signingTime);
        }
        if (trust.get().find(signer).isEmpty()) {
            return new SignatureCheck(SignatureCheck.Status.UNTRUSTED, "the signer \""
                    + signer.getSubjectX500Principal().getName() + "\" is not a trusted provider", signer, signingTime);
        }
        if (moment == Moment.RECEPTION
                && OIWObjectIdentifiers.idSHA1.getId().equals(signerInfo.getDigestAlgOID())) {
            return new SignatureCheck(SignatureCheck.Status.UNTRUSTED,
                    "the message is signed with SHA-1, which is no longer accepted for new messages", signer,
                    signingTime);
        }
        boolean[] usage = signer.getKeyUsage();
        if (usage != null && !usage[0] && !usage[1]) {
            return new SignatureCheck(SignatureCheck.Status.UNTRUSTED, "the signer's certificate does not allow "
                    + "signing (key usage has neither digitalSignature nor nonRepudiation)", signer, signingTime);
        }
        Instant now = clock.instant();
        Instant when = moment == Moment.ARCHIVE && signingTime != null ? signingTime : now;
        try {
            signer.checkValidity(Date.from(when));
        } catch (CertificateNotYetValidException e) {
            if (moment != Moment.RECEPTION || !validAt(signer, now.plus(CLOCK_SKEW))) {
                return notValid(signer, signingTime, when, e);
            }
        } catch (CertificateExpiredException e) {
            return notValid(signer, signingTime, when, e);
        }
        return new SignatureCheck(SignatureCheck.Status.VALID, "signed by trusted provider \""
                + signer.getSubjectX500Principal().getName() + "\"", signer, signingTime);
    }

    /**
     * The signer whose certificate {@code holder} is, decoded once: a provider signs every message with the same
     * certificate, and its public key, kept, keeps what Bouncy Castle precomputes to check its signatures faster.
     * Only decoding is remembered; trust, usage and validity are judged for every message.
     */
    private Signer signer(X509CertificateHolder holder)
            throws CertificateException, IOException, OperatorCreationException {
        ByteBuffer encoded = ByteBuffer.wrap(holder.getEncoded());
        Signer known = signers.get(encoded);
        if (known == null) {
            X509Certificate certificate = converter.getCertificate(holder);
            known = new Signer(certificate, verifiers.build(certificate));
            if (signers.size() >= SIGNERS_KEPT) {
                // Certificates from everyone who writes to the incoming point: start again.
                signers.clear();
            }
            signers.put(encoded, known);
        }
        return known;
    }

    /** A signer's certificate, decoded, and what checks its signatures. */
    private record Signer(X509Certificate certificate, SignerInformationVerifier verifier) {
    }

    private static boolean validAt(X509Certificate certificate, Instant when) {
        try {
            certificate.checkValidity(Date.from(when));
            return true;
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            return false;
        }
    }

    private static SignatureCheck notValid(X509Certificate signer, Instant signingTime, Instant when,
            Exception e) {
        return new SignatureCheck(SignatureCheck.Status.UNTRUSTED,
                "the signer's certificate was not valid at " + when + ": " + e.getMessage(), signer, signingTime);
    }

    private static Instant signingTime(SignerInformation signerInfo) {
        AttributeTable attributes = signerInfo.getSignedAttributes();
        Attribute attr = attributes == null ? null : attributes.get(CMSAttributes.signingTime);
        if (attr == null || attr.getAttrValues().size() == 0) {
            return null;
        }
        try {
            return Time.getInstance(attr.getAttrValues().getObjectAt(0)).getDate().toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Signed content that lies within a larger array, written from there into the digest. */
    private record ContentSlice(byte[] message, int offset, int length) implements CMSProcessable {

        @Override
        public void write(OutputStream out) throws IOException {
            out.write(message, offset, length);
        }

        @Override
        public Object getContent() {
            return Arrays.copyOfRange(message, offset, offset + length);
        }
    }
}
