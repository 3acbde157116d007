package io.sigillo.pec.testing;

import io.sigillo.infra.TestTime;
import io.sigillo.pec.smime.ProviderCredentials;
import io.sigillo.pec.smime.SigningTime;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.mail.smime.SMIMESignedGenerator;

/**
 * Messages as other providers in the field produce them, made with Bouncy Castle's own S/MIME generator
 * (an implementation independent of Sigillo's signer): SHA-1, {@code application/x-pkcs7-signature},
 * ISO-8859-1 quoted-printable text, a daticert naming the DTD of the rules.
 */
public final class FieldStyleMessages {

    private static final Session SESSION = Session.getInstance(new Properties());

    private FieldStyleMessages() {
    }

    /** A daticert as older providers write it: ISO-8859-1, with a DOCTYPE naming the rules' DTD. */
    public static String legacyDaticert(String tipo, String subject) {
        return "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
                + "<!DOCTYPE postacert SYSTEM \"Docs/daticert.dtd\">\n"
                + "<postacert tipo=\"" + tipo + "\" errore=\"nessuno\"><intestazione>"
                + "<mittente>alice@pec.alpha.example</mittente>"
                + "<destinatari tipo=\"certificato\">bob@pec.beta.example</destinatari>"
                + "<risposte>alice@pec.alpha.example</risposte><oggetto>" + subject + "</oggetto></intestazione>"
                + "<dati><gestore-emittente>Alpha PEC S.p.A. (demo)</gestore-emittente>"
                + "<data zona=\"+0100\"><giorno>25/11/2026</giorno><ora>21:50:04</ora></data>"
                + "<identificativo>opec.field0001@pec.alpha.example</identificativo>"
                + "<msgid>&lt;original-1@client.example&gt;</msgid></dati></postacert>\n";
    }

    /** The content part of a receipt: ISO-8859-1 text plus the given daticert (null for none). */
    public static MimeBodyPart receiptContent(String daticertXml) throws MessagingException {
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Ricevuta di accettazione\r\nIl messaggio è stato accettato dal sistema.\r\n", "ISO-8859-1");
        text.setHeader("Content-Transfer-Encoding", "quoted-printable");
        mixed.addBodyPart(text);
        if (daticertXml != null) {
            MimeBodyPart daticert = new MimeBodyPart();
            daticert.setContent(daticertXml.getBytes(StandardCharsets.ISO_8859_1), "application/xml");
            daticert.setFileName("daticert.xml");
            daticert.setHeader("Content-Type", "application/xml; name=\"daticert.xml\"");
            daticert.setHeader("Content-Transfer-Encoding", "base64");
            mixed.addBodyPart(daticert);
        }
        MimeBodyPart content = new MimeBodyPart();
        content.setContent(mixed);
        return content;
    }

    /**
     * Signs {@code content} with Bouncy Castle's S/MIME generator and writes a message with the given headers;
     * {@code legacy} uses SHA-1 and the old {@code application/x-pkcs7-signature} protocol name.
     */
    public static byte[] sign(ProviderCredentials signer, Map<String, String> headers, MimeBodyPart content,
            boolean legacy) throws Exception {
        SMIMESignedGenerator generator = new SMIMESignedGenerator(legacy
                ? SMIMESignedGenerator.RFC3851_MICALGS : SMIMESignedGenerator.STANDARD_MICALGS);
        generator.addSignerInfoGenerator(new JcaSimpleSignerInfoGeneratorBuilder()
                .setProvider(new BouncyCastleProvider()).setSignedAttributeGenerator(SigningTime.at(TestTime.now()))
                .build(legacy ? "SHA1withRSA" : "SHA256withRSA", signer.privateKey(), signer.certificate()));
        generator.addCertificates(new JcaCertStore(List.of(signer.certificate())));
        MimeMultipart signed = generator.generate(content);
        MimeMessage message = new MimeMessage(SESSION);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            message.setHeader(h.getKey(), h.getValue());
        }
        message.setContent(signed, signed.getContentType());
        message.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        String bytes = out.toString(StandardCharsets.ISO_8859_1);
        if (legacy) {
            bytes = bytes.replace("application/pkcs7-signature", "application/x-pkcs7-signature");
        }
        return bytes.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Signs a {@code multipart/mixed} of the given parts as an acceptance receipt from alpha (modern form). */
    public static byte[] signedAcceptance(ProviderCredentials signer, MimeMultipart mixed) throws Exception {
        MimeBodyPart content = new MimeBodyPart();
        content.setContent(mixed);
        return sign(signer, acceptanceHeaders(), content, false);
    }

    /** The usual headers of an acceptance receipt from alpha, for a daticert whose subject is "prova". */
    public static Map<String, String> acceptanceHeaders() {
        return acceptanceHeaders("prova");
    }

    /** The same for a daticert with {@code oggetto}, encoded in ISO-8859-1 as older providers do. */
    public static Map<String, String> acceptanceHeaders(String oggetto) {
        try {
            return Map.of("From", "posta-certificata@pec.alpha.example", "To", "alice@pec.alpha.example",
                    "Subject", "ACCETTAZIONE: " + MimeUtility.encodeText(oggetto, "ISO-8859-1", "Q"),
                    "X-Ricevuta", "accettazione", "X-Riferimento-Message-ID", "<original-1@client.example>");
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException("ISO-8859-1 is always present", e);
        }
    }

    /** Writes bytes with LF line ends, as a message saved by a Unix tool looks. */
    public static byte[] withBareLf(byte[] crlf) throws IOException {
        return new String(crlf, StandardCharsets.ISO_8859_1).replace("\r\n", "\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }
}
