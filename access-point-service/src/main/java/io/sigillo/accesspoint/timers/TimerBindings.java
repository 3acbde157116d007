package io.sigillo.accesspoint.timers;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.Recipient;
import io.sigillo.support.provider.LocalProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts and stops the sender-side clocks ({@code noteReceipts-in-0} ← pec.message.signed): started per certified
 * recipient when the transport envelope is signed, noted or stopped by the receipts that report on a recipient,
 * issued here or received from another provider. Clocks run only for messages this provider accepted.
 */
@Configuration
public class TimerBindings {

    private final DeliveryTimers timers;
    private final LocalProvider provider;
    private final TimerProperties properties;
    private final Clock clock;
    private final Timer deliveryLatency;

    public TimerBindings(DeliveryTimers timers, LocalProvider provider, TimerProperties properties, Clock clock,
            MeterRegistry meters) {
        this.timers = timers;
        this.provider = provider;
        this.properties = properties;
        this.clock = clock;
        // Submission → delivery receipt, per recipient, as Prometheus histogram buckets.
        this.deliveryLatency = Timer.builder("sigillo.delivery.latency")
                .description("from acceptance to the delivery receipt, per certified recipient")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofHours(24)).register(meters);
    }

    @Bean
    public Consumer<ProviderMessageSigned> noteReceipts() {
        return signed -> {
            String id = signed.identifier().value();
            if (signed.type() != PecType.TRANSPORT_ENVELOPE && !provider.isLocal(id)) {
                // A receipt signed here for another provider's message: that provider's clock stops when the
                // receipt reaches it. A row here would never start, never fire and never go.
                return;
            }
            List<String> about = signed.concerning();
            switch (signed.type()) {
                // The envelope's own time: it is signed as the message is accepted, and its clock runs from then.
                // One replayed after its clock was forgotten would give notices for a message long settled.
                case TRANSPORT_ENVELOPE -> {
                    if (signed.signedAt().isAfter(clock.instant().minus(properties.keptFor()))) {
                        timers.start(signed.facts(), signed.facts().recipients().stream()
                                .filter(r -> r.kind() == Recipient.Kind.CERTIFICATO).map(Recipient::address)
                                .toList(), signed.signedAt());
                    }
                }
                case TAKE_IN_CHARGE -> about.forEach(r -> timers.takenInCharge(id, r, signed.signedAt()));
                case DELIVERY, NON_DELIVERY -> about.forEach(r -> timers.closed(id, r,
                        signed.type().headerValue() + " " + signed.signedMessageId().value(), signed.signedAt())
                        .filter(accepted -> signed.type() == PecType.DELIVERY)
                        .ifPresent(accepted -> deliveryLatency.record(Duration.between(accepted,
                                signed.signedAt()))));
                default -> {
                    // Acceptance, warnings and anomalies stop no clock.
                }
            }
        };
    }
}
