package io.sigillo.deliverypoint.credentials;

import io.sigillo.support.certificates.ClientCertificateProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The client certificates bound to the owner's mailbox (ADR 0028): each opens it on the TLS ports (SMTP AUTH
 * EXTERNAL, IMAP and POP3 EXTERNAL) and on the REST API's certificate port, in place of a password. The owner binds
 * one by presenting it on that port, which proves they hold its key.
 */
@RestController
@RequestMapping("/api/v1/mailbox/client-certificates")
public class ClientCertificateController {

    private static final String PEM = "application/x-pem-file";
    /** A certificate with a long chain is a few KiB. */
    private static final int MAX_PEM = 64 * 1024;

    /** Where the servlet container puts the certificate chain the client presented in the TLS handshake. */
    private static final String PRESENTED = "jakarta.servlet.request.X509Certificate";

    private final ClientCertificateBindings bindings;
    private final ClientCertificateStore store;
    private final ClientCertificateProperties settings;

    public ClientCertificateController(ClientCertificateBindings bindings, ClientCertificateStore store,
            ClientCertificateProperties settings) {
        this.bindings = bindings;
        this.store = store;
        this.settings = settings;
    }

    @Operation(summary = "Bind a client certificate to the mailbox",
            description = "Sent to the mailbox API's certificate port (TLS), presenting the certificate in the "
                    + "handshake, which proves the client holds its key, and logged in with the owner's password or "
                    + "session token. The body is optional: the same certificate in PEM, then any intermediate "
                    + "certificates its chain needs. The certificate must be issued by a CA this provider accepts, "
                    + "valid now, with one common name.")
    @ApiResponse(responseCode = "201", useReturnTypeSchema = true, description = "bound")
    @ApiResponse(responseCode = "400", description = "not a certificate this provider accepts, or a body that does "
            + "not start with the certificate the connection presented, with the reason",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "403", description = "no certificate presented in the TLS handshake (the plain HTTP "
            + "port, or a client that sent none)", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "bound already, its common name held by another mailbox, or "
            + "as many certificates as a mailbox may hold", content = @Content(mediaType = "application/problem+json"))
    @PostMapping(consumes = {PEM, "text/plain"})
    public ResponseEntity<?> bind(Principal owner, HttpServletRequest request,
            @RequestBody(required = false) String pem,
            @Parameter(description = "what to call it in the listing; its common name without")
            @RequestParam(required = false) String name) {
        if (pem != null && pem.length() > MAX_PEM) {
            return problem(HttpStatus.BAD_REQUEST, "a certificate and its chain in at most 64 KiB of PEM");
        }
        if (name != null && (name.length() > 100 || name.chars().anyMatch(Character::isISOControl))) {
            return problem(HttpStatus.BAD_REQUEST, "name: at most 100 characters, no control characters");
        }
        // Only a certificate presented in the handshake proves its key: a PEM alone is public, anyone may send it.
        X509Certificate[] presented = (X509Certificate[]) request.getAttribute(PRESENTED);
        if (presented == null || presented.length == 0) {
            return problem(HttpStatus.FORBIDDEN, "present the certificate in the TLS handshake on the mailbox API's "
                    + "certificate port" + (settings.httpsPort() > 0 ? " (" + settings.httpsPort() + ")" : "")
                    + ", logged in with your password: that proves you hold its key");
        }
        ClientCertificateBindings.Outcome outcome = bindings.bind(owner.getName(), name, List.of(presented), pem);
        if (outcome instanceof ClientCertificateBindings.Bound bound) {
            return ResponseEntity.created(URI.create("/api/v1/mailbox/client-certificates/"
                    + bound.certificate().sha256())).body(bound.certificate());
        }
        if (outcome instanceof ClientCertificateBindings.Refused refused) {
            return problem(HttpStatus.BAD_REQUEST, refused.reason());
        }
        ClientCertificateStore.Conflict conflict = ((ClientCertificateBindings.Conflicting) outcome).conflict();
        return problem(HttpStatus.CONFLICT, switch (conflict) {
            case ALREADY_BOUND -> "this certificate is bound already";
            case COMMON_NAME_TAKEN -> "another mailbox holds a certificate with this common name";
            case TOO_MANY -> "a mailbox may hold at most " + ClientCertificateStore.MAX_PER_MAILBOX
                    + " certificates: unbind one first";
        });
    }

    @Operation(summary = "List the bound client certificates",
            description = "Subject, issuer, serial number, expiry, when bound and when last used.")
    @GetMapping
    public List<ClientCertificateStore.Listed> list(Principal owner) {
        return store.list(owner.getName());
    }

    @Operation(summary = "Unbind a client certificate", description = "It no longer opens the mailbox anywhere.")
    @ApiResponse(responseCode = "204", description = "unbound")
    @ApiResponse(responseCode = "404", description = "no such certificate in this mailbox",
            content = @Content(mediaType = "application/problem+json"))
    @DeleteMapping("/{sha256}")
    public ResponseEntity<?> unbind(Principal owner, @PathVariable String sha256) {
        if (!bindings.unbind(owner.getName(), sha256.toLowerCase(Locale.ROOT))) {
            return problem(HttpStatus.NOT_FOUND, "no certificate " + sha256 + " in this mailbox");
        }
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
