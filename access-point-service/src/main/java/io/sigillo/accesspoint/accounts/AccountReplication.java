package io.sigillo.accesspoint.accounts;

import io.sigillo.pec.event.MailboxRegistered;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Keeps {@link Accounts} in step with the delivery point's mailboxes (binding {@code registerMailbox-in-0}). */
@Configuration
public class AccountReplication {

    @Bean
    public Consumer<MailboxRegistered> registerMailbox(Accounts accounts) {
        return accounts::upsert;
    }
}
