package io.sigillo.deliverypoint.imap;

import io.sigillo.deliverypoint.credentials.AppPasswordStore;
import io.sigillo.deliverypoint.credentials.ClientCertificateStore;
import io.sigillo.deliverypoint.mailbox.Mailbox;
import io.sigillo.deliverypoint.mailbox.MailboxRepository;
import io.sigillo.pec.event.MailboxRegistered;
import io.sigillo.support.credentials.LoginThrottle;
import io.sigillo.support.credentials.MailClientPasswords;
import io.swagger.v3.oas.annotations.Hidden;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Who may log in to Dovecot's IMAP and POP3, asked by its Lua passdb (ADR 0026): an app password or the main
 * password by the rule of ADR 0025, failures counted in the shared login throttle. The answer's body is Dovecot's
 * extra fields, one {@code key=value} per line: the mailbox's quota for Dovecot's quota plugin.
 */
@Hidden
@RestController
@RequestMapping("/internal/v1/dovecot")
public class DovecotLogins {

    private static final String FIELDS = MediaType.TEXT_PLAIN_VALUE;

    private final MailboxRepository mailboxes;
    private final AppPasswordStore appPasswords;
    private final ClientCertificateStore certificates;
    private final MailClientPasswords passwords;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final byte[] key;

    public DovecotLogins(MailboxRepository mailboxes, AppPasswordStore appPasswords,
            ClientCertificateStore certificates, PasswordEncoder encoder, LoginThrottle throttle, Clock clock,
            DovecotProperties properties) {
        this.mailboxes = mailboxes;
        this.appPasswords = appPasswords;
        this.certificates = certificates;
        this.passwords = new MailClientPasswords(encoder, throttle);
        this.throttle = throttle;
        this.clock = clock;
        this.key = properties.authKey() == null || properties.authKey().isBlank() ? null
                : ("Bearer " + properties.authKey()).getBytes(StandardCharsets.UTF_8);
    }

    /** A login with a password: 200 with the mailbox's fields, 401 when refused (a locked account too). */
    @PostMapping(path = "/logins", produces = FIELDS)
    public ResponseEntity<String> login(@RequestHeader(name = "Authorization", required = false) String caller,
            @RequestParam String user, @RequestParam String password,
            @RequestParam(name = "rip", required = false) String clientAddress) {
        if (!fromDovecot(caller)) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
        }
        if (throttle.lockedFor(user, clientAddress).isPresent()) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
        }
        Optional<Mailbox> mailbox = mailboxes.find(user).filter(Mailbox::active);
        List<MailboxRegistered.AppPassword> clients = mailbox.map(m -> appPasswords.forLogins(m.address()))
                .orElse(List.of());
        Instant now = clock.instant();
        if (!passwords.login(user, clientAddress, password, mailbox.map(Mailbox::passwordHash).orElse(null), clients,
                mailbox.map(Mailbox::twoFactor).orElse(false), now)) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
        }
        MailClientPasswords.appPassword(password, clients, now).ifPresent(p -> appPasswords.used(p.id(), now));
        return ResponseEntity.ok(fields(mailbox.get()));
    }

    /**
     * A login by client certificate (SASL EXTERNAL, ADR 0028): Dovecot checked the certificate against the trusted
     * CAs and gives its common name, which one mailbox's bound, valid certificate carries. 200 with that mailbox's
     * fields, 401 when none.
     */
    @PostMapping(path = "/certificate-logins", produces = FIELDS)
    public ResponseEntity<String> certificateLogin(
            @RequestHeader(name = "Authorization", required = false) String caller,
            @RequestParam(name = "common-name") String commonName) {
        if (!fromDovecot(caller)) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
        }
        return certificates.mailboxOfCommonName(commonName, clock.instant()).flatMap(mailboxes::find)
                .filter(Mailbox::active).map(m -> ResponseEntity.ok(fields(m)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.UNAUTHORIZED).build());
    }

    /** A mailbox looked up without a password (a master login, a delivery): 200 with its fields, or 404. */
    @PostMapping(path = "/lookups", produces = FIELDS)
    public ResponseEntity<String> lookup(@RequestHeader(name = "Authorization", required = false) String caller,
            @RequestParam String user) {
        if (!fromDovecot(caller)) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
        }
        return mailboxes.find(user).map(m -> ResponseEntity.ok(fields(m)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).build());
    }

    /** Dovecot's user name is the canonical address, and its quota the mailbox's. */
    private static String fields(Mailbox mailbox) {
        return "user=" + mailbox.address() + "\nuserdb_quota_rule=*:storage=" + mailbox.quotaBytes() + "B\n";
    }

    private boolean fromDovecot(String caller) {
        return key != null && caller != null
                && MessageDigest.isEqual(key, caller.getBytes(StandardCharsets.UTF_8));
    }
}
