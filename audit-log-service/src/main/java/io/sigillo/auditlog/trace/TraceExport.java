package io.sigillo.auditlog.trace;

import io.sigillo.auditlog.receipts.IssuedMessages;
import io.sigillo.auditlog.receipts.Reproductions;
import io.sigillo.auditlog.signing.ProviderKey;
import io.sigillo.auditlog.trace.TraceController.Trace;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.PecHeaders;
import io.sigillo.pec.format.PecTimestamp;
import io.sigillo.pec.mime.HeaderBlock;
import io.sigillo.pec.mime.MimeLeaf;
import io.sigillo.pec.mime.MimeMultipart;
import io.sigillo.pec.smime.SmimeSigner;
import io.sigillo.support.MessageDownload;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /admin/v1/messages/{messageId}/export}: the message's trace and the list of its signed messages as
 * a JSON bundle ({@code estratto.json}) inside an S/MIME message signed by the provider, which compliance staff
 * can hand over and anyone can check with {@code openssl cms -verify}.
 */
@RestController
public class TraceExport {

    /** What the bundle holds. */
    public record Bundle(String provider, Instant exportedAt, String exportedBy, Trace trace,
            List<IssuedMessages.Issued> signedMessages) {
    }

    private final AuditLog log;
    private final IssuedMessages issued;
    private final ProviderKey key;
    private final JsonMapper json;
    private final Clock clock;
    private final SmimeSigner signer;

    public TraceExport(AuditLog log, IssuedMessages issued, ProviderKey key, JsonMapper json, Clock clock) {
        this.log = log;
        this.issued = issued;
        this.key = key;
        this.json = json;
        this.clock = clock;
        this.signer = key.signer().orElse(null);
    }

    @Operation(summary = "A signed export of a message's trace",
            description = "An S/MIME message signed by the provider, holding the trace and the list of signed messages as estratto.json.")
    @ApiResponse(responseCode = "200", description = "the signed export",
            content = @Content(mediaType = "message/rfc822", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "403", description = "operators may only verify the log",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "the log knows nothing of this identifier",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "no signing key is configured",
            content = @Content(mediaType = "application/problem+json"))
    @GetMapping("/admin/v1/messages/{messageId}/export")
    public ResponseEntity<byte[]> export(@PathVariable String messageId, Principal caller) {
        List<AuditLog.Entry> entries = TraceController.stepsOf(log, messageId);
        if (signer == null) {
            throw new Reproductions.NotReproducibleException("no signing key is configured to sign the export");
        }
        Instant now = clock.instant();
        Bundle bundle = new Bundle(key.provider().name(), now, caller.getName(), Trace.of(messageId, entries),
                issued.of(messageId));
        HeaderBlock headers = new HeaderBlock()
                .raw("Date", PecTimestamp.rfc5322(now))
                .address("From", PecHeaders.PROVIDER_MAILBOX + "@" + key.provider().domain(), key.provider().name())
                .text("Subject", "Estratto del registro degli eventi: " + messageId)
                .raw("Message-ID", MessageIdentifier.derived(key.provider().domain(), "estratto", messageId,
                        now.toString()).asHeader());
        String text = "Estratto del registro degli eventi di " + key.provider().name() + " per il messaggio "
                + messageId + ", prodotto il " + PecTimestamp.of(now).readable() + " per " + caller.getName()
                + ".\nIl file estratto.json contiene gli eventi e i messaggi firmati; la firma del gestore ne "
                + "garantisce l'integrità e la provenienza.\n";
        byte[] signed = signer.sign(headers, new MimeMultipart("mixed", List.of(MimeLeaf.text("plain", text),
                MimeLeaf.attachment("application/json", "estratto.json", json.writeValueAsBytes(bundle)))));
        return MessageDownload.of("estratto-" + messageId, signed);
    }
}
