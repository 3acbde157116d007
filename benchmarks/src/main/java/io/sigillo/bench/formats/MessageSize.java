package io.sigillo.bench.formats;

/** The message sizes the benchmarks run at: a typical PEC, a large one and one near the providers' usual limit. */
public enum MessageSize {
    KB_10(10 * 1024), MB_1(1024 * 1024), MB_20(20 * 1024 * 1024);

    private final int bytes;

    MessageSize(int bytes) {
        this.bytes = bytes;
    }

    /** The original's size in bytes, near enough. */
    int bytes() {
        return bytes;
    }
}
