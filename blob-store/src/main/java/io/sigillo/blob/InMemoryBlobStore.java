package io.sigillo.blob;

import io.sigillo.pec.event.BlobRef;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A blob store in memory: for tests of code that needs one but not PostgreSQL. */
public final class InMemoryBlobStore implements BlobStore {

    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();

    @Override
    public BlobRef put(byte[] content) {
        BlobRef ref = new BlobRef(Sha256.hex(content), content.length);
        blobs.putIfAbsent(ref.sha256(), content.clone());
        return ref;
    }

    @Override
    public BlobRef put(InputStream content) throws IOException {
        return put(content.readAllBytes());
    }

    @Override
    public Optional<byte[]> get(BlobRef ref) {
        byte[] stored = blobs.get(ref.sha256());
        if (stored == null) {
            return Optional.empty();
        }
        Sha256.check(ref, stored);
        return Optional.of(stored.clone());
    }

    @Override
    public boolean contains(BlobRef ref) {
        return blobs.containsKey(ref.sha256());
    }

    /** How many bodies are stored. */
    public int count() {
        return blobs.size();
    }

    /** Overwrites stored bytes, bypassing the digest: lets a test simulate corruption. */
    void corrupt(BlobRef ref, byte[] content) {
        blobs.put(ref.sha256(), content);
    }
}
