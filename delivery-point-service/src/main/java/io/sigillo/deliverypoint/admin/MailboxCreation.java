package io.sigillo.deliverypoint.admin;

import io.sigillo.deliverypoint.admin.MailboxAdminController.CreatedMailbox;
import io.sigillo.deliverypoint.admin.MailboxAdminController.MailboxExistsException;
import io.sigillo.deliverypoint.credentials.MailboxAnnouncer;
import io.sigillo.deliverypoint.mailbox.MailboxRepository;
import io.sigillo.support.provider.LocalProvider;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Creates mailboxes in this provider's domains, hashing the password with the slow encoder. */
@Service
public class MailboxCreation {

    private final MailboxRepository mailboxes;
    private final PasswordEncoder passwords;
    private final MailboxProperties properties;
    private final MailboxAnnouncer announcer;
    private final LocalProvider provider;

    public MailboxCreation(MailboxRepository mailboxes, PasswordEncoder passwords, MailboxProperties properties,
            MailboxAnnouncer announcer, LocalProvider provider) {
        this.mailboxes = mailboxes;
        this.provider = provider;
        this.passwords = passwords;
        this.properties = properties;
        this.announcer = announcer;
    }

    /** Creates the mailbox or throws: {@link InvalidMailboxAddressException}, {@link MailboxExistsException}. */
    public CreatedMailbox create(String address, String password, Long quotaBytes) {
        String normalized = MailboxRepository.normalize(address);
        checkAddress(normalized);
        long quota = quotaBytes == null ? properties.defaultQuotaBytes() : quotaBytes;
        if (!mailboxes.create(normalized, passwords.encode(password), quota)) {
            throw new MailboxExistsException(normalized);
        }
        announcer.announce(mailboxes.find(normalized).orElseThrow());
        return new CreatedMailbox(normalized, quota);
    }

    /**
     * Creates the mailbox when missing and announces it either way, so an access point that missed the first
     * announcement (a fresh local Kafka) still learns it.
     */
    public void ensure(String address, String password) {
        try {
            create(address, password, null);
        } catch (MailboxExistsException e) {
            announcer.announce(mailboxes.find(address).orElseThrow());
        }
    }

    private void checkAddress(String address) {
        // SMTP here takes no SMTPUTF8, nor do PEC headers or Dovecot: mail to such an address could never arrive.
        if (address.chars().anyMatch(c -> c > 0x7F)) {
            throw new InvalidMailboxAddressException(address, "only ASCII letters, digits and punctuation, since "
                    + "mail to an address with other characters (accented letters, for one) cannot be delivered");
        }
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            if (!parsed.getAddress().equals(address) || parsed.getPersonal() != null) {
                throw new InvalidMailboxAddressException(address, "a bare address is expected");
            }
        } catch (AddressException e) {
            throw new InvalidMailboxAddressException(address, e.getMessage());
        }
        if (!provider.isLocal(address)) {
            throw new InvalidMailboxAddressException(address, "this provider serves only "
                    + String.join(", ", provider.entry().managedDomains()));
        }
    }

    /** An address that cannot be a mailbox of this provider. */
    public static class InvalidMailboxAddressException extends RuntimeException {
        public InvalidMailboxAddressException(String address, String why) {
            super("\"" + address + "\" cannot be a mailbox here: " + why);
        }
    }
}
