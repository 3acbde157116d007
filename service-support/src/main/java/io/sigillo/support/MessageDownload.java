package io.sigillo.support;

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
        return ResponseEntity.ok().contentType(MESSAGE_RFC822)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(name.replaceAll("[^A-Za-z0-9.@-]", "_") + ".eml").build().toString())
                .body(bytes);
    }
}
