package io.sigillo.deliverypoint.admin;

import io.sigillo.deliverypoint.credentials.AppPasswordStore;
import io.sigillo.deliverypoint.credentials.MailboxAnnouncer;
import io.sigillo.deliverypoint.credentials.TwoFactorStore;
import io.sigillo.deliverypoint.mailbox.Mailbox;
import io.sigillo.deliverypoint.mailbox.MailboxRepository;
import java.util.List;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the provisioning operator does to existing mailboxes (ADR 0036): list them, change a quota, disable or enable
 * one, reset an owner's credentials. Each change that alters who may log in is announced with the mailbox in the same
 * transaction, so the access point's replica follows it.
 */
@Service
public class MailboxAdministration {

    /** A page of mailboxes and how many match in all. */
    public record Page(List<Mailbox> mailboxes, long total) {
    }

    private final MailboxRepository mailboxes;
    private final AppPasswordStore appPasswords;
    private final TwoFactorStore twoFactor;
    private final MailboxAnnouncer announcer;
    private final PasswordEncoder passwords;

    public MailboxAdministration(MailboxRepository mailboxes, AppPasswordStore appPasswords, TwoFactorStore twoFactor,
            MailboxAnnouncer announcer, PasswordEncoder passwords) {
        this.mailboxes = mailboxes;
        this.appPasswords = appPasswords;
        this.twoFactor = twoFactor;
        this.announcer = announcer;
        this.passwords = passwords;
    }

    /** Page {@code page} (from 0) of the mailboxes whose address contains {@code part} (null: all). */
    public Page page(String part, int page, int size) {
        return new Page(mailboxes.page(part, page, size), mailboxes.count(part));
    }

    /** The mailbox, or {@link MailboxNotFoundException}. */
    public Mailbox get(String address) {
        return mailboxes.find(address).orElseThrow(() -> new MailboxNotFoundException(address));
    }

    /** Sets the quota and whether the mailbox is active, each when given; announces a change of state. */
    @Transactional
    public Mailbox change(String address, Long quotaBytes, Boolean active) {
        Mailbox before = get(address);
        if (quotaBytes != null) {
            mailboxes.setQuota(before.address(), quotaBytes);
        }
        boolean stateChanges = active != null && active != before.active();
        if (stateChanges) {
            mailboxes.setActive(before.address(), active);
        }
        Mailbox after = get(address);
        if (stateChanges) {
            announcer.announce(after);
        }
        return after;
    }

    /**
     * The owner's credentials reset, for an owner locked out: the new password the operator hands over, every app
     * password revoked and two-factor login turned off, so that nothing the old credentials opened still works
     * (session tokens already issued expire within the hour, ADR 0027). The owner sets up the rest again.
     */
    @Transactional
    public Mailbox reset(String address, String password) {
        Mailbox mailbox = get(address);
        mailboxes.setPasswordHash(mailbox.address(), passwords.encode(password));
        appPasswords.revokeAll(mailbox.address());
        twoFactor.disable(mailbox.address());
        Mailbox reset = get(address);
        announcer.announce(reset);
        return reset;
    }

    /** No mailbox has this address. */
    public static class MailboxNotFoundException extends RuntimeException {
        public MailboxNotFoundException(String address) {
            super("no mailbox has the address " + address);
        }
    }
}
