package io.sigillo.auditlog.receipts;

import io.sigillo.auditlog.signing.ProviderKey;
import io.sigillo.pec.event.ProviderMessageSigned;
import java.time.Clock;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps the list of every signed message, envelopes included (binding {@code recordIssued-in-0} ←
 * pec.message.signed), so that any receipt can be found and reproduced.
 */
@Configuration
public class IssuedRecording {

    private final IssuedMessages issued;
    private final ProviderKey key;
    private final Clock clock;

    public IssuedRecording(IssuedMessages issued, ProviderKey key, Clock clock) {
        this.issued = issued;
        this.key = key;
        this.clock = clock;
    }

    @Bean
    public Consumer<ProviderMessageSigned> recordIssued() {
        return signed -> issued.record(signed, key.provider().domain(), clock.instant());
    }
}
