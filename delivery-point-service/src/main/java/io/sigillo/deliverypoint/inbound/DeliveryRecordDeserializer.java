package io.sigillo.deliverypoint.inbound;

import io.sigillo.pec.event.CredentialUsed;
import io.sigillo.pec.event.EnvelopeVerified;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.pec.event.SubmissionAccepted;
import io.sigillo.pec.event.Topics;
import io.sigillo.support.EventsByTopic;
import java.util.Map;

/** Reads a record of the delivery point's one consumer as its topic's event. */
public class DeliveryRecordDeserializer extends EventsByTopic {

    public DeliveryRecordDeserializer() {
        super(Map.of(Topics.MESSAGE_SIGNED, ProviderMessageSigned.class,
                Topics.RECEIPT_RECEIVED, ProviderMessageSigned.class,
                Topics.ENVELOPE_VERIFIED, EnvelopeVerified.class,
                Topics.SUBMISSION_ACCEPTED, SubmissionAccepted.class,
                Topics.CREDENTIAL_USED, CredentialUsed.class));
    }
}
