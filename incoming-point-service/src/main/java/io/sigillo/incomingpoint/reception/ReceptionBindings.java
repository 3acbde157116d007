package io.sigillo.incomingpoint.reception;

import io.sigillo.blob.BlobStore;
import io.sigillo.pec.event.BlobRef;
import io.sigillo.pec.event.MessageArrived;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.support.provider.LocalProvider;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The two ways messages reach the incoming point: envelopes of this provider's own senders from Kafka
 * ({@code receiveEnvelope-in-0} ← pec.envelope.signed, local recipients only: the relay takes the others) and
 * whatever the SMTP server took from other providers ({@code receiveArrived-in-0} ← pec.inbound.arrived).
 */
@Configuration
public class ReceptionBindings {

    private final IncomingPoint incomingPoint;
    private final BlobStore blobs;
    private final LocalProvider provider;

    public ReceptionBindings(IncomingPoint incomingPoint, BlobStore blobs, LocalProvider provider) {
        this.incomingPoint = incomingPoint;
        this.blobs = blobs;
        this.provider = provider;
    }

    @Bean
    public Consumer<ProviderMessageSigned> receiveEnvelope() {
        return signed -> {
            List<String> local = signed.deliverTo().stream().filter(provider::isLocal).toList();
            if (!local.isEmpty()) {
                incomingPoint.receive(load(signed.signed()), signed.signed(), signed.identifier().value(), local);
            }
        };
    }

    @Bean
    public Consumer<MessageArrived> receiveArrived() {
        return arrived -> incomingPoint.receive(load(arrived.raw()), arrived.raw(), arrived.eventId(),
                arrived.rcptTo());
    }

    private byte[] load(BlobRef ref) {
        return blobs.get(ref).orElseThrow(() -> new IllegalStateException(ref.sha256() + " is not in the blob store"));
    }
}
