package io.sigillo.pec.message;

import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.PecHeaders;
import io.sigillo.pec.format.PecTimestamp;
import io.sigillo.pec.format.Provider;
import io.sigillo.pec.mime.HeaderBlock;
import io.sigillo.pec.mime.MimeEntity;
import io.sigillo.pec.mime.MimeLeaf;
import io.sigillo.pec.mime.MimeMultipart;
import io.sigillo.pec.smime.SmimeSigner;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A reproduction of a receipt, notice or envelope this provider issued (the rules let a provider reproduce a
 * lost receipt from its log with the same legal value): a new message, signed now, whose signed content holds
 * a first part saying it is a reproduction, then the original's parts byte for byte (its text, its
 * {@code daticert.xml}, its {@code postacert.eml}); the outer headers are the original's, with a new
 * {@code Date} and {@code Message-ID} and an {@code X-Sigillo-Riproduzione} header naming the original.
 */
public final class ReceiptReproduction {

    private static final Session SESSION = Session.getInstance(new Properties());
    /** The original headers a reproduction keeps, in this order. */
    private static final List<String> KEPT = List.of("From", "To", "Cc", "Reply-To", "Subject",
            PecHeaders.X_RIFERIMENTO_MESSAGE_ID, PecHeaders.X_RICEVUTA, PecHeaders.X_TRASPORTO,
            PecHeaders.X_TIPO_RICEVUTA, PecHeaders.X_VERIFICA_SICUREZZA);

    private final SmimeSigner signer;
    private final Provider provider;

    /** Reproductions signed with {@code signer} on behalf of {@code provider}. */
    public ReceiptReproduction(SmimeSigner signer, Provider provider) {
        this.signer = signer;
        this.provider = provider;
    }

    /**
     * Writes the reproduction of {@code original} to {@code out}, reading the original where it lies: a complete
     * receipt carries the original message, up to 100 MB.
     *
     * @throws IllegalArgumentException when {@code original} is not a signed provider message
     */
    public void reproduce(byte[] original, Instant now, OutputStream out) throws IOException {
        try {
            MimeMessage message = new MimeMessage(SESSION, new SharedByteArrayInputStream(original));
            if (!(message.getContent() instanceof Multipart signed) || !message.isMimeType("multipart/signed")) {
                throw new IllegalArgumentException("not a signed message");
            }
            BodyPart content = signed.getBodyPart(0);
            if (!(content.getContent() instanceof Multipart parts)) {
                throw new IllegalArgumentException("the signed content is not multipart");
            }
            String originalId = header(message, "Message-ID");
            String originalDate = header(message, "Date");
            List<MimeEntity> entities = new ArrayList<>();
            entities.add(MimeLeaf.text("plain", notice(originalId, originalDate, now)));
            for (int i = 0; i < parts.getCount(); i++) {
                entities.add(verbatim(parts.getBodyPart(i)));
            }
            signer.writeSigned(headers(message, originalId, now), new MimeMultipart("mixed", entities), out);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("cannot read the original: " + e.getMessage(), e);
        }
    }

    private HeaderBlock headers(MimeMessage original, String originalId, Instant now) throws MessagingException {
        HeaderBlock headers = new HeaderBlock().raw("Date", PecTimestamp.rfc5322(now));
        for (String name : KEPT) {
            String value = header(original, name);
            if (value != null) {
                headers.raw(name, value);
            }
        }
        return headers
                .raw("Message-ID", MessageIdentifier.derived(provider.domain(), "riproduzione", originalId,
                        now.toString()).asHeader())
                .raw(PecHeaders.X_RIPRODUZIONE, originalId == null ? "" : originalId);
    }

    private String notice(String originalId, String originalDate, Instant now) {
        return "RIPRODUZIONE\n\n"
                + "Questo messaggio è la riproduzione, rilasciata da " + provider.name() + " il "
                + PecTimestamp.of(now).readable() + ", del messaggio " + originalId
                + (originalDate == null ? "" : " emesso il " + originalDate) + ".\n"
                + "Seguono, invariati, il testo e i dati di certificazione (daticert.xml) del messaggio originale, "
                + "estratti dal registro degli eventi del gestore; la firma del gestore su questa riproduzione ne "
                + "garantisce la provenienza.\n";
    }

    private static String header(MimeMessage message, String name) throws MessagingException {
        String value = message.getHeader(name, ",");
        return value == null ? null : MimeUtility.unfold(value).trim();
    }

    /** A part written exactly as it was read: its header lines and its encoded body, from where they lie. */
    private static MimeEntity verbatim(BodyPart part) {
        return out -> {
            try {
                part.writeTo(out);
            } catch (MessagingException e) {
                throw new IOException("cannot copy a part of the original: " + e.getMessage(), e);
            }
        };
    }
}
