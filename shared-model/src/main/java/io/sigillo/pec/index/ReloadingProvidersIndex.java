package io.sigillo.pec.index;

import io.sigillo.pec.smime.TrustedProviders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The providers' index from an LDIF file, reloaded without a restart when the file changes (checked at most
 * once per interval). A broken new file is reported and ignored: the last good index stays in force.
 */
public final class ReloadingProvidersIndex implements Supplier<ProvidersIndex> {

    private static final Logger LOG = Logger.getLogger(ReloadingProvidersIndex.class.getName());

    private final Path file;
    private final Duration interval;
    private final Clock clock;
    private volatile ProvidersIndex current;
    private volatile FileTime loadedVersion;
    private volatile Instant lastCheck;

    /** Loads the file now; a broken file at start-up is an error (there is no last good index yet). */
    public ReloadingProvidersIndex(Path file, Duration interval, Clock clock) throws ProvidersIndexException {
        this.file = file;
        this.interval = interval;
        this.clock = clock;
        this.loadedVersion = modified();
        this.current = LdifProvidersIndex.read(file);
        this.lastCheck = clock.instant();
    }

    /** The index in force, reloading first when the file changed. */
    @Override
    public ProvidersIndex get() {
        Instant now = clock.instant();
        if (now.isBefore(lastCheck.plus(interval))) {
            return current;
        }
        synchronized (this) {
            lastCheck = now;
            FileTime version = modified();
            if (version != null && !version.equals(loadedVersion)) {
                try {
                    current = LdifProvidersIndex.read(file);
                    loadedVersion = version;
                    LOG.info(() -> "providers' index reloaded from " + file + ": " + current.providers().size()
                            + " providers");
                } catch (ProvidersIndexException e) {
                    loadedVersion = version;
                    LOG.log(Level.WARNING, "providers' index " + file + " not reloaded, keeping the last good one: "
                            + e.getMessage());
                }
            }
        }
        return current;
    }

    /** The trusted certificates of the index in force, for {@link io.sigillo.pec.smime.SmimeVerifier}. */
    public Supplier<TrustedProviders> trustedProviders() {
        return () -> get().trustedProviders();
    }

    private FileTime modified() {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }
}
