package io.sigillo.incomingpoint.reception;

import io.sigillo.blob.BlobStore;
import io.sigillo.pec.event.BlobRef;
import io.sigillo.pec.event.MessageArrived;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the SMTP server took from other providers ({@code receiveArrived-in-0} ← pec.inbound.arrived). Envelopes of
 * this provider's own senders never come here: the delivery point takes them straight from the receipt service.
 */
@Configuration
public class ReceptionBindings {

    private final IncomingPoint incomingPoint;
    private final BlobStore blobs;

    public ReceptionBindings(IncomingPoint incomingPoint, BlobStore blobs) {
        this.incomingPoint = incomingPoint;
        this.blobs = blobs;
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
