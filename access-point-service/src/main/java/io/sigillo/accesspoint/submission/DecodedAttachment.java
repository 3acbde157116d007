package io.sigillo.accesspoint.submission;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.apache.commons.io.output.DeferredFileOutputStream;
import tools.jackson.databind.annotation.JsonDeserialize;

/** The bytes of one attachment of a JSON submission, decoded from its base64 as it was read. */
@JsonDeserialize(using = DecodedAttachments.Base64Content.class)
public final class DecodedAttachment {

    private final DeferredFileOutputStream bytes;

    DecodedAttachment(DeferredFileOutputStream bytes) {
        this.bytes = bytes;
    }

    /** Decoded size in bytes. */
    public long size() {
        return bytes.getByteCount();
    }

    /** The decoded bytes, from memory or from the file they were spooled to. */
    public InputStream open() {
        try {
            return bytes.toInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException("an attachment spooled to disk cannot be read back", e);
        }
    }

    /** Deletes the file the bytes were spooled to, if any. */
    void discard() throws IOException {
        bytes.close();
        if (!bytes.isInMemory()) {
            Files.deleteIfExists(bytes.getPath());
        }
    }
}
