package io.sigillo.auditlog.chain;

import io.sigillo.auditlog.signing.ProviderKey;
import io.sigillo.pec.smime.ProviderCredentials;
import io.sigillo.pec.smime.SigningTime;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECKey;
import java.security.cert.X509Certificate;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.util.Store;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Seals the monthly chains: now and then each chain's head (month, position, hash) is signed with the
 * provider's key as a detached CMS signature, so that rewriting a whole chain consistently (hashes included)
 * still shows: the signed heads would no longer be links of it. Without the provider's key
 * ({@link ProviderKey}) the log is chained but not sealed.
 */
@Component
public class LogSeals {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    /** One seal. */
    public record Seal(LocalDate month, long chainSeq, String headHash, Instant sealedAt, String signer,
            byte[] signature) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ProviderKey providerKey;
    private final ProviderCredentials key;

    public LogSeals(JdbcClient jdbc, Clock clock, ProviderKey providerKey) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.key = providerKey.credentials().orElse(null);
        this.providerKey = providerKey;
    }

    /** Seals every chain whose head moved since its last seal; scheduled, and callable from tests. */
    @Scheduled(fixedDelayString = "${sigillo.seal.interval:5m}")
    public void sealHeads() {
        if (key == null) {
            return;
        }
        record Head(LocalDate month, long seq, String hash) {
        }
        List<Head> unsealed = jdbc.sql("""
                SELECT h.month, h.chain_seq, h.hash FROM chain_heads h WHERE h.chain_seq > 0 AND NOT EXISTS
                    (SELECT 1 FROM seals s WHERE s.month = h.month AND s.chain_seq = h.chain_seq)""")
                .query((rs, n) -> new Head(rs.getDate(1).toLocalDate(), rs.getLong(2), rs.getString(3))).list();
        unsealed.forEach(head -> seal(head.month(), head.seq(), head.hash()));
    }

    private void seal(LocalDate month, long seq, String hash) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        byte[] signature = sign(text(month, seq, hash, at), at);
        jdbc.sql("""
                INSERT INTO seals (month, chain_seq, head_hash, sealed_at, signer, signature) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")
                .params(Date.valueOf(month), seq, hash, Timestamp.from(at),
                        key.certificate().getSubjectX500Principal().getName(), signature)
                .update();
    }

    /** The seals of a month, oldest first. */
    public List<Seal> of(LocalDate month) {
        return jdbc.sql("SELECT month, chain_seq, head_hash, sealed_at, signer, signature FROM seals WHERE month = ? "
                + "ORDER BY chain_seq").param(Date.valueOf(month))
                .query((rs, n) -> new Seal(rs.getDate(1).toLocalDate(), rs.getLong(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getBytes(6)))
                .list();
    }

    /**
     * Empty when {@code seal} carries at least one signature, each by this provider's key (current or retired) and
     * valid, over a link the chain holds; else why not.
     */
    public Optional<String> check(Seal seal, Map<Long, String> chainHashes) {
        if (!seal.headHash().equals(chainHashes.get(seal.chainSeq()))) {
            return Optional.of("the seal of " + seal.sealedAt() + " signed event " + seal.chainSeq() + " with hash "
                    + seal.headHash() + ", which the chain no longer holds");
        }
        try {
            CMSSignedData signed = new CMSSignedData(new CMSProcessableByteArray(
                    text(seal.month(), seal.chainSeq(), seal.headHash(), seal.sealedAt())), seal.signature());
            @SuppressWarnings("unchecked")
            Store<X509CertificateHolder> certificates = signed.getCertificates();
            if (signed.getSignerInfos().size() == 0) {
                return Optional.of("the seal of event " + seal.chainSeq() + " carries no signature");
            }
            for (SignerInformation signer : signed.getSignerInfos().getSigners()) {
                @SuppressWarnings("unchecked")
                Collection<X509CertificateHolder> matches = certificates.getMatches(signer.getSID());
                X509Certificate certificate = new JcaX509CertificateConverter().setProvider(BC)
                        .getCertificate(matches.iterator().next());
                // Without a key of its own the log accepts only the retired certificates it is given, if any.
                if (!providerKey.isOurs(certificate)) {
                    return Optional.of("the seal of event " + seal.chainSeq() + " is signed by another key");
                }
                if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(certificate))) {
                    return Optional.of("the seal of event " + seal.chainSeq() + " has a broken signature");
                }
            }
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of("the seal of event " + seal.chainSeq() + " cannot be read: " + e.getMessage());
        }
    }

    private byte[] sign(byte[] text, Instant at) {
        try {
            String algorithm = key.privateKey() instanceof ECKey ? "SHA256withECDSA" : "SHA256withRSA";
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSimpleSignerInfoGeneratorBuilder().setProvider(BC)
                    .setSignedAttributeGenerator(SigningTime.at(at))
                    .build(algorithm, key.privateKey(), key.certificate()));
            generator.addCertificates(new JcaCertStore(List.of(key.certificate())));
            return generator.generate(new CMSProcessableByteArray(text), false).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException("cannot seal the log: " + e.getMessage(), e);
        }
    }

    private static byte[] text(LocalDate month, long seq, String hash, Instant at) {
        return ("sigillo-log-seal|" + month + "|" + seq + "|" + hash + "|" + at).getBytes(StandardCharsets.UTF_8);
    }
}
