package io.sigillo.receipt.signing;

import io.sigillo.blob.BlobStore;
import io.sigillo.pec.event.BlobRef;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.message.OriginalMessage;
import org.springframework.stereotype.Component;

/** Loads the message bodies that events refer to from the blob store, failing loudly when one is missing. */
@Component
public class StoredOriginals {

    private final BlobStore blobs;

    public StoredOriginals(BlobStore blobs) {
        this.blobs = blobs;
    }

    /** The body behind {@code ref}, a message about {@code identifier}. */
    public OriginalMessage load(BlobRef ref, MessageIdentifier identifier) {
        return OriginalMessage.of(blobs.get(ref).orElseThrow(() -> new IllegalStateException(
                "message body " + ref.sha256() + " of " + identifier + " is not in the blob store")));
    }
}
