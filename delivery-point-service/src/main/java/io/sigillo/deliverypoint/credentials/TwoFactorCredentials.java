package io.sigillo.deliverypoint.credentials;

import io.sigillo.deliverypoint.mailbox.MailboxRepository;
import io.sigillo.support.credentials.Totp;
import io.sigillo.support.provider.LocalProvider;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A mailbox owner's two-factor login: enrolling an authenticator app, confirming it with a first code (which turns
 * it on and hands out recovery codes), and turning it off. Each change that alters who may log in is announced with
 * the mailbox's state in the same transaction, so the access point stops taking the main password over SMTP too.
 */
@Service
public class TwoFactorCredentials {

    /** What an owner enrolling is shown: the secret, and the URI a QR code carries to the authenticator app. */
    public record Enrolling(String secret, String enrolmentUri) {
    }

    private final TwoFactorStore store;
    private final MailboxRepository mailboxes;
    private final MailboxAnnouncer announcer;
    private final String issuer;

    public TwoFactorCredentials(TwoFactorStore store, MailboxRepository mailboxes, MailboxAnnouncer announcer,
            LocalProvider provider) {
        this.store = store;
        this.mailboxes = mailboxes;
        this.announcer = announcer;
        this.issuer = "Sigillo " + provider.domain();
    }

    /** A new secret waiting for its first code; empty when two-factor login is on already (turn it off first). */
    @Transactional
    public Optional<Enrolling> enrol(String mailbox) {
        String secret = Totp.newSecret();
        if (!store.enrol(mailbox, secret)) {
            return Optional.empty();
        }
        return Optional.of(new Enrolling(secret, Totp.enrolmentUri(issuer, mailbox, secret)));
    }

    /** Turns two-factor login on when {@code code} is right for the waiting secret: the recovery codes, once. */
    @Transactional
    public Optional<List<String>> confirm(String mailbox, String code) {
        Optional<TwoFactorStore.Enrolment> waiting = store.find(mailbox).filter(e -> !e.enabled());
        if (waiting.isEmpty() || !store.acceptCode(mailbox, waiting.get().secret(), code)) {
            return Optional.empty();
        }
        store.enable(mailbox);
        List<String> recoveryCodes = store.newRecoveryCodes(mailbox);
        announce(mailbox);
        return Optional.of(recoveryCodes);
    }

    /**
     * Whether {@code code} proves the second factor of a mailbox with two-factor login on: a current code from the
     * app, or one of the recovery codes (spent by this).
     */
    @Transactional
    public boolean proves(String mailbox, String code) {
        Optional<TwoFactorStore.Enrolment> enabled = store.find(mailbox).filter(TwoFactorStore.Enrolment::enabled);
        if (enabled.isEmpty() || code == null || code.isBlank()) {
            return false;
        }
        return store.acceptCode(mailbox, enabled.get().secret(), code) || store.spendRecoveryCode(mailbox, code);
    }

    /** Turns two-factor login off when {@code code} proves the second factor; false otherwise. */
    @Transactional
    public boolean disable(String mailbox, String code) {
        if (!proves(mailbox, code)) {
            return false;
        }
        store.disable(mailbox);
        announce(mailbox);
        return true;
    }

    /** New recovery codes in place of the old ones, when {@code code} proves the second factor. */
    @Transactional
    public Optional<List<String>> renewRecoveryCodes(String mailbox, String code) {
        return proves(mailbox, code) ? Optional.of(store.newRecoveryCodes(mailbox)) : Optional.empty();
    }

    private void announce(String mailbox) {
        announcer.announce(mailboxes.find(mailbox).orElseThrow());
    }
}
