package io.sigillo.accesspoint.relay;

import io.sigillo.pec.event.AuditEventType;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.pec.index.ProviderEntry;
import io.sigillo.support.AuditPublisher;
import io.sigillo.support.provider.LocalProvider;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts what this provider signed for other providers' recipients and for external ones into the outbox, one row
 * per destination provider (its mail host from the providers' index) and per external domain (ordinary mail,
 * through the configured smarthost or else to the domain's MX hosts), and wakes the relay. Binding
 * {@code relaySigned-in-0} ← pec.message.signed, whose routing the receipt service split: local recipients are the
 * delivery point's business.
 */
@Configuration
public class OutboundRouting {

    private record Destination(String name, boolean certified, String mailHost) {
    }

    private final Outbox outbox;
    private final LocalProvider provider;
    private final RelayProperties properties;
    private final AuditPublisher audit;
    private final OutboundRelay relay;
    private final Clock clock;

    public OutboundRouting(Outbox outbox, LocalProvider provider, RelayProperties properties, AuditPublisher audit,
            OutboundRelay relay, Clock clock) {
        this.outbox = outbox;
        this.provider = provider;
        this.properties = properties;
        this.audit = audit;
        this.relay = relay;
        this.clock = clock;
    }

    @Bean
    public Consumer<ProviderMessageSigned> relaySigned() {
        return this::route;
    }

    /** Queues {@code signed} for every destination outside this provider, then wakes the relay. */
    public void route(ProviderMessageSigned signed) {
        Map<Destination, List<String>> byDestination = new LinkedHashMap<>();
        for (String address : signed.routing().otherProviders()) {
            byDestination.computeIfAbsent(destinationOf(address), d -> new ArrayList<>()).add(address);
        }
        for (String address : signed.routing().external()) {
            byDestination.computeIfAbsent(destinationOf(address), d -> new ArrayList<>()).add(address);
        }
        if (byDestination.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        byDestination.forEach((destination, rcptTo) -> {
            OutboundMessage message = new OutboundMessage(0, signed.identifier().value(),
                    signed.signedMessageId().value(), signed.type().headerValue(), destination.name(),
                    destination.certified(), destination.mailHost(), provider.receiptMailbox(), rcptTo,
                    signed.signed(), 0, now, destination.certified() ? null : signed.facts().sender());
            if (destination.mailHost() != null) {
                outbox.enqueue(message, Outbox.Status.PENDING, null);
                return;
            }
            String why = "the providers' index gives no mail host for " + destination.name();
            if (outbox.enqueue(message, Outbox.Status.FAILED, why)) {
                audit.recordStep(AuditEventType.RELAY_FAILED, provider.domain(), message.identifier(), rcptTo,
                        List.of(message.signedId()), why, now);
            }
        });
        relay.wake();
    }

    private Destination destinationOf(String address) {
        Optional<ProviderEntry> pec = provider.providerOf(address);
        if (pec.isPresent()) {
            return new Destination(pec.get().managedDomains().get(0), true, pec.get().mailHost());
        }
        String domain = address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        String host = properties.externalHost() == null || properties.externalHost().isBlank()
                ? OutboundMessage.MX + domain : properties.externalHost();
        return new Destination(domain, false, host);
    }
}
