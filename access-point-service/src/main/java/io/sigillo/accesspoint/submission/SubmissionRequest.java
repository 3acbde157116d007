package io.sigillo.accesspoint.submission;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A message as a mail frontend submits it in JSON.
 *
 * @param to          primary recipients
 * @param cc          copy recipients
 * @param bcc         never allowed in PEC; present only so that sending one is refused with a clear reason
 * @param subject     the subject
 * @param text        the plain-text body
 * @param html        an optional HTML alternative
 * @param attachments optional attachments
 * @param receiptType completa (default), breve or sintetica
 */
public record SubmissionRequest(List<String> to, List<String> cc, List<String> bcc, String subject, String text,
        String html, List<Attachment> attachments, String receiptType) {

    public SubmissionRequest {
        to = to == null ? List.of() : to;
        cc = cc == null ? List.of() : cc;
        bcc = bcc == null ? List.of() : bcc;
        attachments = attachments == null ? List.of() : attachments;
    }

    /** One attachment, its bytes in base64, decoded as they are read. */
    public record Attachment(String filename, String contentType,
            @JsonProperty("contentBase64") @Schema(name = "contentBase64", type = "string", format = "byte",
                    description = "the file's bytes in base64") DecodedAttachment content) {
    }
}
