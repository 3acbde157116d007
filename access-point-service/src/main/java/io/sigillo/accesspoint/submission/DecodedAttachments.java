package io.sigillo.accesspoint.submission;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.io.output.DeferredFileOutputStream;
import tools.jackson.core.Base64Variant;
import tools.jackson.core.Base64Variants;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * The attachments of one JSON submission, decoded while the JSON is read so that their base64 is never held as a
 * string (ADR 0018): together they stay in memory up to {@link #IN_MEMORY}, beyond it they go to temporary files,
 * which {@link #close()} deletes.
 */
final class DecodedAttachments implements Closeable {

    /** How much of a request's attachments may stay in memory: every small message fits. */
    static final int IN_MEMORY = 1024 * 1024;

    /** Base64 as JSON writers produce it; padding is optional, as it is for the MIME decoder clients know. */
    private static final Base64Variant BASE64 = Base64Variants.MIME_NO_LINEFEEDS.withPaddingAllowed();

    private final List<DecodedAttachment> decoded = new ArrayList<>();
    private long inMemory;

    /** Decodes the base64 string the parser stands on. */
    DecodedAttachment decode(JsonParser parser) {
        int budget = (int) Math.max(0, IN_MEMORY - inMemory);
        DeferredFileOutputStream out = DeferredFileOutputStream.builder().setThreshold(budget)
                .setPrefix("sigillo-attachment-").setSuffix(".bin").get();
        DecodedAttachment attachment = new DecodedAttachment(out);
        decoded.add(attachment);
        try {
            parser.readBinaryValue(BASE64, out);
            out.close();
        } catch (JacksonException e) {
            throw InvalidFormatException.from(parser, "not valid base64: " + e.getOriginalMessage(), null,
                    byte[].class);
        } catch (IOException e) {
            throw new UncheckedIOException("an attachment cannot be spooled to disk", e);
        }
        if (out.isInMemory()) {
            inMemory += out.getByteCount();
        }
        return attachment;
    }

    @Override
    public void close() throws IOException {
        IOException failed = null;
        for (DecodedAttachment attachment : decoded) {
            try {
                attachment.discard();
            } catch (IOException e) {
                failed = failed == null ? e : failed;
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** Reads {@code contentBase64} into the request's {@link DecodedAttachments}, given as a reader attribute. */
    static final class Base64Content extends ValueDeserializer<DecodedAttachment> {

        @Override
        public DecodedAttachment deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                throw MismatchedInputException.from(parser, DecodedAttachment.class,
                        "expected the file's bytes as a base64 string");
            }
            DecodedAttachments attachments = (DecodedAttachments) context.getAttribute(DecodedAttachments.class);
            if (attachments == null) {
                throw new IllegalStateException("a submission is read with its DecodedAttachments as an attribute");
            }
            return attachments.decode(parser);
        }
    }
}
