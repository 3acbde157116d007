package io.sigillo.deliverypoint.imap;

import io.sigillo.blob.BlobStore;
import io.sigillo.deliverypoint.mailbox.MailboxContents;
import io.sigillo.deliverypoint.mailbox.MailboxMessages;
import io.sigillo.deliverypoint.mailbox.PostgresMailboxContents;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Dovecot keeps the mailboxes when {@code sigillo.dovecot.host} is set; the blob store and PostgreSQL otherwise. */
@Configuration
public class MailboxContentsConfiguration {

    @Bean
    MailboxContents mailboxContents(DovecotProperties dovecot, DovecotMailboxes mailboxes, MailboxMessages messages,
            BlobStore blobs, JdbcClient jdbc) {
        if (dovecot.enabled()) {
            LoggerFactory.getLogger(MailboxContentsConfiguration.class).info(
                    "Mailboxes kept in Dovecot at {}:{}, which serves IMAP and POP3", dovecot.host(), dovecot.imapsPort());
            return new DovecotMailboxContents(mailboxes, messages);
        }
        return new PostgresMailboxContents(messages, blobs, jdbc);
    }
}
