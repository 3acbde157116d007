package io.sigillo.webmail.compose;

import io.sigillo.webmail.WebmailProperties;
import io.sigillo.webmail.login.WebmailSession;
import io.sigillo.webmail.mailbox.SessionExpired;
import io.sigillo.webmail.web.MailboxOwnersSide;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Submits the owner's messages at the access point, with the owner's session token. */
@MailboxOwnersSide
@Component
public class AccessPointClient {

    private final RestClient http;
    private final JsonMapper json;

    public AccessPointClient(RestClient.Builder http, WebmailProperties properties, JsonMapper json) {
        this.http = SessionExpired.whenRefused(http.baseUrl(Objects.requireNonNull(
                properties.accessPoint(), "sigillo.webmail.access-point").toString())).build();
        this.json = json.rebuild().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();
    }

    /** The limits every submission is checked against. */
    public SubmissionLimits limits(WebmailSession session) {
        return http.get().uri("/api/v1/messages/limits").headers(h -> h.setBearerAuth(session.token()))
                .retrieve().body(SubmissionLimits.class);
    }

    /**
     * Submits {@code draft} with {@code files} as its attachments. The request is JSON written as it is sent, each
     * file read from where the upload left it and encoded in base64 on the way, so no file is held in memory.
     */
    public Submitted submit(WebmailSession session, Draft draft, List<MultipartFile> files) {
        return http.post().uri("/api/v1/messages")
                .headers(h -> {
                    h.setBearerAuth(session.token());
                    h.set("Idempotency-Key", draft.key());
                })
                .contentType(MediaType.APPLICATION_JSON)
                .body(out -> write(out, draft, files))
                .exchange((request, answer) -> {
                    if (answer.getStatusCode().isSameCodeAs(HttpStatus.UNAUTHORIZED)) {
                        throw new SessionExpired();
                    }
                    JsonNode body;
                    try (InputStream in = answer.getBody()) {
                        body = json.readTree(in);
                    }
                    if (answer.getStatusCode().is2xxSuccessful()) {
                        return new Submitted.Accepted(body.path("messageId").asString(),
                                body.path("recipients").valueStream().map(r -> r.path("address").asString())
                                        .toList());
                    }
                    return new Submitted.Refused(answer.getStatusCode().value(), body.path("detail").asString(null),
                            body.path("field").asString(null), body.path("nonAcceptanceNotice").asBoolean(false));
                });
    }

    private void write(OutputStream out, Draft draft, List<MultipartFile> files) throws IOException {
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeName("to");
            strings(g, draft.toAddresses());
            g.writeName("cc");
            strings(g, draft.ccAddresses());
            g.writeStringProperty("subject", draft.subject() == null ? "" : draft.subject());
            g.writeStringProperty("text", draft.text() == null ? "" : draft.text());
            g.writeStringProperty("receiptType", draft.receiptType() == null ? "completa" : draft.receiptType());
            g.writeName("attachments");
            g.writeStartArray();
            for (MultipartFile file : files) {
                g.writeStartObject();
                g.writeStringProperty("filename", file.getOriginalFilename());
                g.writeStringProperty("contentType", file.getContentType() == null
                        ? MediaType.APPLICATION_OCTET_STREAM_VALUE : file.getContentType());
                g.writeName("contentBase64");
                try (InputStream bytes = file.getInputStream()) {
                    g.writeBinary(bytes, (int) file.getSize());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void strings(JsonGenerator g, List<String> values) {
        g.writeStartArray();
        values.forEach(g::writeString);
        g.writeEndArray();
    }
}
