package io.sigillo.deliverypoint.clientsetup;

import io.sigillo.support.provider.LocalProvider;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the documents with which mail clients set a PEC account up from the address alone (ADR 0025): Thunderbird's
 * autoconfig, Outlook's Autodiscover, and an Apple configuration profile to download. Open to all: they name
 * servers and ports, nothing else.
 */
@RestController
public class MailClientSetupController {

    /** An address of this provider's domain, strict: it is written back into XML. */
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,190}");
    /** Outlook's request names the address; read as text, never parsed as XML (no entity can reach a parser). */
    private static final Pattern OUTLOOK_ADDRESS = Pattern.compile("<(?:\\w+:)?EMailAddress>\\s*([^<\\s]{1,254})\\s*"
            + "</(?:\\w+:)?EMailAddress>");
    private static final int MAX_OUTLOOK_REQUEST = 8 * 1024;

    private final MailClientSetupProperties servers;
    private final LocalProvider provider;
    private final MailClientSetup documents;

    public MailClientSetupController(MailClientSetupProperties servers, LocalProvider provider) {
        this.servers = servers;
        this.provider = provider;
        this.documents = new MailClientSetup(provider.domain(), provider.entry().providerName(), servers);
    }

    @Operation(summary = "Thunderbird's autoconfig for this provider's domain",
            description = "Served at autoconfig.DOMAIN/mail/config-v1.1.xml and DOMAIN/.well-known/autoconfig/.")
    @GetMapping(path = {"/mail/config-v1.1.xml", "/.well-known/autoconfig/mail/config-v1.1.xml"},
            produces = MediaType.APPLICATION_XML_VALUE)
    public ResponseEntity<?> thunderbird(@Parameter(description = "the address being set up; any of this domain")
            @RequestParam(name = "emailaddress", required = false) String address) {
        if (!servers.enabled()) {
            return notConfigured();
        }
        if (address != null && ours(address).isEmpty()) {
            return notOurs();
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(documents.thunderbird());
    }

    @Operation(summary = "Outlook's Autodiscover (POX, 2006)",
            description = "Outlook posts its request, naming the address, to autodiscover.DOMAIN.")
    @PostMapping(path = {"/autodiscover/autodiscover.xml", "/Autodiscover/Autodiscover.xml"},
            produces = MediaType.APPLICATION_XML_VALUE)
    public ResponseEntity<?> outlook(@RequestBody(required = false) String request) {
        if (!servers.enabled()) {
            return notConfigured();
        }
        if (request == null || request.length() > MAX_OUTLOOK_REQUEST) {
            return problem(HttpStatus.BAD_REQUEST, "an Autodiscover request of at most 8 KiB naming EMailAddress");
        }
        Matcher named = OUTLOOK_ADDRESS.matcher(request);
        if (!named.find()) {
            return problem(HttpStatus.BAD_REQUEST, "the request names no EMailAddress");
        }
        return ours(named.group(1)).<ResponseEntity<?>>map(address -> ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_XML).body(documents.outlook(address)))
                .orElseGet(this::notOurs);
    }

    @Operation(summary = "An Apple configuration profile for one address",
            description = "Opened on a Mac, iPhone or iPad, it adds the account to Mail; the password is asked for.")
    @GetMapping(path = "/apple/mail.mobileconfig", produces = "application/x-apple-aspen-config")
    public ResponseEntity<?> apple(@RequestParam(name = "emailaddress") String address) {
        if (!servers.enabled()) {
            return notConfigured();
        }
        return ours(address).<ResponseEntity<?>>map(a -> ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/x-apple-aspen-config"))
                .header("Content-Disposition", "attachment; filename=\"pec.mobileconfig\"")
                .body(documents.apple(a))).orElseGet(this::notOurs);
    }

    /** The address in lower case when it is well formed and of this provider's domain. */
    private Optional<String> ours(String address) {
        String lower = address.strip().toLowerCase(Locale.ROOT);
        return ADDRESS.matcher(lower).matches() && lower.endsWith("@" + provider.domain().toLowerCase(Locale.ROOT))
                ? Optional.of(lower) : Optional.empty();
    }

    private ResponseEntity<ProblemDetail> notOurs() {
        return problem(HttpStatus.NOT_FOUND, "not an address of " + provider.domain());
    }

    private static ResponseEntity<ProblemDetail> notConfigured() {
        return problem(HttpStatus.NOT_FOUND, "this provider publishes no mail client settings "
                + "(sigillo.mail-clients.host is not set)");
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
