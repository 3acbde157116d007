package io.sigillo.pec.mime;

import java.io.IOException;
import java.io.OutputStream;

/** A MIME entity that writes its own header block and body, with CRLF line ends. */
public interface MimeEntity {

    /** Writes the headers, the blank line and the body. */
    void writeTo(OutputStream out) throws IOException;
}
