package io.sigillo.support.virus;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * Scans content for viruses, at the access point (before acceptance) and at the incoming point (before
 * delivery). Pluggable: {@link ClamdScanner} talks to ClamAV; {@link #NONE} scans nothing.
 */
public interface VirusScanner {

    /** A scanner that finds nothing: for providers that scan elsewhere, and for tests. */
    VirusScanner NONE = content -> Verdict.CLEAN;

    /**
     * The verdict on what {@code content} reads (read once, as the scanner takes it; the caller closes it).
     *
     * @throws ScannerUnavailable when no verdict can be had now (the caller retries or answers "try later")
     */
    Verdict scan(InputStream content) throws ScannerUnavailable;

    /** The verdict on {@code content}; see {@link #scan(InputStream)}. */
    default Verdict scan(byte[] content) throws ScannerUnavailable {
        return scan(new ByteArrayInputStream(content));
    }

    /** What a scan found: nothing, or the name of what was found. */
    record Verdict(boolean infected, String finding) {

        /** Nothing found. */
        public static final Verdict CLEAN = new Verdict(false, null);

        /** Something found, named. */
        public static Verdict infected(String finding) {
            return new Verdict(true, finding);
        }
    }

    /** The scanner could not give a verdict (unreachable, timed out, or reported an error). */
    class ScannerUnavailable extends Exception {

        public ScannerUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
