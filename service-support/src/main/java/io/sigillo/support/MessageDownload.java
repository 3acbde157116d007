package io.sigillo.support;

import java.io.InputStream;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** A message (stored, reproduced or exported) as an HTTP download: {@code message/rfc822}, saved as NAME.eml. */
public final class MessageDownload {

    /** The media type of a whole message. */
    public static final MediaType MESSAGE_RFC822 = MediaType.parseMediaType("message/rfc822");

    private MessageDownload() {
    }

    /** 200 with {@code bytes}, to be saved as {@code name}.eml; characters outside [A-Za-z0-9.@-] become _. */
    public static ResponseEntity<byte[]> of(String name, byte[] bytes) {
        return attachment(name).body(bytes);
    }

    /**
     * 200 with the {@code size} bytes {@code body} streams, closed once written: a large message is never held whole.
     * The declared length lets a client tell a download cut short (the store found the bytes altered at their end)
     * from a whole one.
     */
    public static ResponseEntity<InputStreamResource> streamed(String name, long size, InputStream body) {
        return attachment(name).contentLength(size).body(new InputStreamResource(body));
    }

    private static ResponseEntity.BodyBuilder attachment(String name) {
        return ResponseEntity.ok().contentType(MESSAGE_RFC822)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(name.replaceAll("[^A-Za-z0-9.@-]", "_") + ".eml").build().toString());
    }
}
