package io.sigillo.deliverypoint.admin;

import io.sigillo.support.provider.LocalProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the configured demo mailboxes of this provider's domains when missing (the demo list names every
 * demo provider's mailboxes; each provider takes its own). Configured only in local runs.
 */
@Component
public class DemoMailboxSeeder implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(DemoMailboxSeeder.class);

    private final MailboxCreation creation;
    private final MailboxProperties properties;
    private final LocalProvider provider;

    public DemoMailboxSeeder(MailboxCreation creation, MailboxProperties properties, LocalProvider provider) {
        this.creation = creation;
        this.properties = properties;
        this.provider = provider;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (MailboxProperties.DemoMailbox demo : properties.demo()) {
            if (!provider.isLocal(demo.address())) {
                continue;
            }
            creation.ensure(demo.address(), demo.password());
            LOG.info("Demo mailbox ready: {}", demo.address());
        }
    }
}
