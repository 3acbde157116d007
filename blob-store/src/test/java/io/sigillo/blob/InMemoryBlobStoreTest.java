package io.sigillo.blob;

import io.sigillo.pec.event.BlobRef;

class InMemoryBlobStoreTest extends BlobStoreContract {

    private final InMemoryBlobStore store = new InMemoryBlobStore();

    @Override
    protected BlobStore store() {
        return store;
    }

    @Override
    protected void corrupt(BlobRef ref, byte[] content) {
        store.corrupt(ref, content);
    }
}
