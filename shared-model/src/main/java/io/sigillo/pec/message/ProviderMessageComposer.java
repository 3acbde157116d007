package io.sigillo.pec.message;

import io.sigillo.pec.daticert.Daticert;
import io.sigillo.pec.daticert.DaticertException;
import io.sigillo.pec.daticert.DaticertSchema;
import io.sigillo.pec.daticert.DaticertWriter;
import io.sigillo.pec.format.PecHeaders;
import io.sigillo.pec.format.PecTimestamp;
import io.sigillo.pec.mime.HeaderBlock;
import io.sigillo.pec.mime.MimeEntity;
import io.sigillo.pec.mime.MimeLeaf;
import io.sigillo.pec.mime.MimeMultipart;
import io.sigillo.pec.smime.SmimeSigner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns any {@link ProviderMessage} into its signed bytes: the PEC headers, a {@code multipart/mixed} of the
 * Italian text (plain and HTML), {@code postacert.eml} where the type carries the original, and a
 * {@code daticert.xml} that matches the schema, signed as S/MIME. Thread-safe; build one per signing key.
 */
public final class ProviderMessageComposer {

    private final SmimeSigner signer;
    private final DaticertWriter daticertWriter = new DaticertWriter();
    private final Optional<DaticertSchema> schema;

    /**
     * A composer that signs with {@code signer}, as a provider runs: every {@code daticert.xml} is valid by
     * construction ({@link DaticertWriter}: values from enumerations and formatters, every text escaped), which the
     * tests prove against the schema, so it is not checked again for each signature (ADR 0033).
     */
    public ProviderMessageComposer(SmimeSigner signer) {
        this.signer = signer;
        this.schema = Optional.empty();
    }

    /** A composer that also checks every daticert against {@code schema} before it signs: for tools and tests. */
    public ProviderMessageComposer(SmimeSigner signer, DaticertSchema schema) {
        this.signer = signer;
        this.schema = Optional.of(schema);
    }

    /** The signed message as bytes. */
    public SignedMessage compose(ProviderMessage message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(
                16 * 1024 + message.postacert().map(OriginalMessage::size).orElse(0));
        try {
            compose(message, out);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return new SignedMessage(message.messageId(), message.type(), out.toByteArray());
    }

    /** Streams the signed message to {@code out}. */
    public void compose(ProviderMessage message, OutputStream out) throws IOException {
        signer.writeSigned(headers(message), content(message), out);
    }

    private HeaderBlock headers(ProviderMessage message) {
        HeaderBlock headers = new HeaderBlock()
                .raw("Date", PecTimestamp.rfc5322(message.at()));
        message.address(headers);
        headers.text("Subject", message.subjectPrefix() + message.facts().subject())
                .raw("Message-ID", message.messageId().asHeader())
                .raw(PecHeaders.X_RIFERIMENTO_MESSAGE_ID, message.facts().originalMessageId())
                .raw(message.type().header(), message.type().headerValue());
        message.extraHeaders(headers);
        return headers;
    }

    private MimeEntity content(ProviderMessage message) {
        Optional<Daticert> daticert = message.daticert();
        ReceiptText text = message.text();
        if (daticert.isPresent()) {
            text.line("")
                .line("Il file daticert.xml allegato contiene le stesse informazioni in formato XML.");
        }
        List<MimeEntity> parts = new ArrayList<>(3);
        parts.add(new MimeMultipart("alternative",
                List.of(MimeLeaf.text("plain", text.plain()), MimeLeaf.text("html", text.html()))));
        message.postacert().ifPresent(original -> parts.add(original.asPostacert()));
        daticert.ifPresent(d -> parts.add(MimeLeaf.attachment("application/xml", "daticert.xml", checked(d))));
        return new MimeMultipart("mixed", parts);
    }

    private byte[] checked(Daticert daticert) {
        byte[] xml = daticertWriter.write(daticert);
        if (schema.isPresent()) {
            try {
                schema.get().validate(xml);
            } catch (DaticertException e) {
                throw new IllegalStateException("refusing to sign an invalid daticert.xml: " + e.getMessage(), e);
            }
        }
        return xml;
    }
}
