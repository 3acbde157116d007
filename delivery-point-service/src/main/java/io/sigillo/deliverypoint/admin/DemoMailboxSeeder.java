package io.sigillo.deliverypoint.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** Creates the configured demo mailboxes when missing; configured only in local runs. */
@Component
public class DemoMailboxSeeder implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(DemoMailboxSeeder.class);

    private final MailboxCreation creation;
    private final MailboxProperties properties;

    public DemoMailboxSeeder(MailboxCreation creation, MailboxProperties properties) {
        this.creation = creation;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (MailboxProperties.DemoMailbox demo : properties.demo()) {
            creation.ensure(demo.address(), demo.password());
            LOG.info("Demo mailbox ready: {}", demo.address());
        }
    }
}
