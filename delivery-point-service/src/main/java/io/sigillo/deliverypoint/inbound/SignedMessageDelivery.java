package io.sigillo.deliverypoint.inbound;

import io.sigillo.blob.BlobStore;
import io.sigillo.deliverypoint.mailbox.MailboxDelivery;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.support.provider.LocalProvider;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts signed receipts, notices and anomaly envelopes into the mailboxes they are for
 * (binding {@code deliverSigned-in-0} ← pec.message.signed). Addresses of other providers are not ours to
 * store; redeliveries are stored once.
 */
@Configuration
public class SignedMessageDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(SignedMessageDelivery.class);

    @Bean
    public Consumer<ProviderMessageSigned> deliverSigned(MailboxDelivery delivery, BlobStore blobs,
            LocalProvider provider) {
        return signed -> {
            if (signed.deliverTo().isEmpty()) {
                return;
            }
            byte[] bytes = blobs.get(signed.signed()).orElseThrow(() -> new IllegalStateException(
                    "signed " + signed.type() + " for " + signed.identifier() + " is not in the blob store"));
            for (String address : signed.deliverTo()) {
                if (!provider.isLocal(address)) {
                    continue;
                }
                MailboxDelivery.Result result = delivery.deliver(address, bytes);
                LOG.info("{} {} for {} to {}: {}", signed.type(), signed.signedMessageId(), signed.identifier(),
                        address, result);
            }
        };
    }
}
