package io.sigillo.incomingpoint.expected;

import io.sigillo.incomingpoint.IncomingPointProperties;
import io.sigillo.pec.event.ProviderMessageSigned;
import java.time.Clock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Keeps {@link ExpectedReceipts} in step with what this provider signs ({@code expectReceipts-in-0} ←
 * pec.message.signed), and forgets, once a day, what was signed longer ago than receipts are taken.
 */
@Configuration
public class ExpectedReceiptBindings {

    private static final Logger LOG = LoggerFactory.getLogger(ExpectedReceiptBindings.class);

    private final ExpectedReceipts expected;
    private final IncomingPointProperties properties;
    private final Clock clock;

    public ExpectedReceiptBindings(ExpectedReceipts expected, IncomingPointProperties properties, Clock clock) {
        this.expected = expected;
        this.properties = properties;
        this.clock = clock;
    }

    @Bean
    public Consumer<ProviderMessageSigned> expectReceipts() {
        return expected::note;
    }

    /** Forgets the receipts no longer taken (the first run an hour after the start, then daily). */
    @Scheduled(initialDelayString = "PT1H", fixedDelayString = "P1D")
    void forgetOld() {
        int forgotten = expected.forgetBefore(clock.instant().minus(properties.receipts().expectedFor()));
        LOG.info("forgot {} receipts no longer expected (signed more than {} ago)", forgotten,
                properties.receipts().expectedFor());
    }
}
