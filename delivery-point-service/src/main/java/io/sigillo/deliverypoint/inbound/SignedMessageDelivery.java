package io.sigillo.deliverypoint.inbound;

import io.sigillo.blob.BlobStore;
import io.sigillo.deliverypoint.mailbox.MailboxDelivery;
import io.sigillo.deliverypoint.mailbox.SignedListing;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.support.provider.LocalProvider;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts signed messages into the local mailboxes their routing names (function {@code deliverSigned} ←
 * pec.message.signed and pec.receipt.received, routed to by topic from the point's one consumer): receipts, notices
 * and anomaly envelopes as they are; transport envelopes of this provider's own senders through
 * {@link EnvelopeDelivery}, which reports each delivery. A second copy of one certified message, redelivered or
 * replayed with other outer headers, is stored once.
 */
@Configuration
public class SignedMessageDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(SignedMessageDelivery.class);

    @Bean
    public Consumer<ProviderMessageSigned> deliverSigned(MailboxDelivery delivery, EnvelopeDelivery envelopes,
            BlobStore blobs, LocalProvider provider) {
        return signed -> {
            List<String> local = signed.routing().local();
            if (local.isEmpty()) {
                return;
            }
            if (signed.isEnvelope()) {
                envelopes.deliver(signed.facts(), signed.signed(), signed.original(), signed.receiptType(), local);
                return;
            }
            byte[] bytes = blobs.get(signed.signed()).orElseThrow(() -> new IllegalStateException(
                    "signed " + signed.type() + " for " + signed.identifier() + " is not in the blob store"));
            SignedListing listing = SignedListing.of(signed, provider.domain());
            for (String address : local) {
                MailboxDelivery.Result result = delivery.deliver(address, signed.signed(), bytes, listing);
                LOG.info("{} {} for {} to {}: {}", signed.type(), signed.signedMessageId(), signed.identifier(),
                        address, result);
            }
        };
    }
}
