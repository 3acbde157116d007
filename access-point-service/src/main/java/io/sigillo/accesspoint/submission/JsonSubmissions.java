package io.sigillo.accesspoint.submission;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;
import org.apache.commons.io.input.BoundedInputStream;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a JSON submission and builds the message it describes. Attachments are decoded from base64 as the JSON is
 * read (ADR 0018), so the built message is the only copy of the submission held in memory.
 */
@Component
public class JsonSubmissions {

    private final OriginalMessageBuilder builder;
    private final SubmissionProperties properties;
    private final ObjectReader requests;

    public JsonSubmissions(OriginalMessageBuilder builder, SubmissionProperties properties, JsonMapper json) {
        this.builder = builder;
        this.properties = properties;
        this.requests = json.readerFor(SubmissionRequest.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // The body is read on to its end after the JSON value, for the digest.
                .without(StreamReadFeature.AUTO_CLOSE_SOURCE);
    }

    /**
     * The message bytes, From the sender.
     *
     * @param declaredLength the request's Content-Length, or -1
     * @param sameRequest    when not null, the digest that every byte of the body is added to
     */
    public byte[] build(String sender, long declaredLength, InputStream body, MessageDigest sameRequest)
            throws IOException {
        // Attachments arrive in base64: allow for its growth, then the checks apply the real limit.
        long limit = properties.maxSize().toBytes() * 4 / 3 + 1024 * 1024;
        if (declaredLength > limit) {
            throw SubmissionRefused.tooLarge(limit);
        }
        try (BoundedInputStream counted = BoundedInputStream.builder().setInputStream(body).setMaxCount(limit + 1)
                .get();
                InputStream in = sameRequest == null ? counted : new DigestInputStream(counted, sameRequest);
                DecodedAttachments attachments = new DecodedAttachments()) {
            SubmissionRequest request;
            try {
                request = requests.withAttribute(DecodedAttachments.class, attachments).readValue(in);
                in.transferTo(OutputStream.nullOutputStream());
            } catch (JacksonException e) {
                if (counted.getCount() > limit) {
                    throw SubmissionRefused.tooLarge(limit);
                }
                if (e.getCause() instanceof UncheckedIOException spooling) {
                    throw spooling;
                }
                throw SubmissionRefused.unreadable(field(e), "the JSON body cannot be read: " + e.getOriginalMessage());
            }
            if (counted.getCount() > limit) {
                throw SubmissionRefused.tooLarge(limit);
            }
            return builder.build(sender, refuseNulls(request));
        }
    }

    /** The request when it is an object with no null in its lists; a refusal naming the first null otherwise. */
    private static SubmissionRequest refuseNulls(SubmissionRequest request) {
        if (request == null) {
            throw SubmissionRefused.unreadable("body", "the JSON body must be an object, not null");
        }
        refuseNulls("to", request.to());
        refuseNulls("cc", request.cc());
        refuseNulls("bcc", request.bcc());
        refuseNulls("attachments", request.attachments());
        return request;
    }

    private static void refuseNulls(String field, List<?> values) {
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw SubmissionRefused.unreadable(field + "[" + i + "]", field + "[" + i + "] must not be null");
            }
        }
    }

    /** The JSON field a reading error is about, as {@code attachments[0].contentBase64}; the body when none. */
    private static String field(JacksonException e) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference step : e.getPath()) {
            if (step.getIndex() >= 0) {
                field.append('[').append(step.getIndex()).append(']');
            } else if (step.getPropertyName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(step.getPropertyName());
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }
}
