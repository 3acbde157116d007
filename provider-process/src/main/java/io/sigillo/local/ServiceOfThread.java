package io.sigillo.local;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.sift.AbstractDiscriminator;

/** Sorts log lines by the service whose thread writes them, into one file per service as separate JVMs have. */
public final class ServiceOfThread extends AbstractDiscriminator<ILoggingEvent> {

    /** Lines from threads of no service: the process's own. */
    static final String PROCESS = "provider-process";

    @Override
    public String getDiscriminatingValue(ILoggingEvent event) {
        // Logback calls appenders on the logging thread, so the current thread is the one that logged.
        return ServiceThreads.serviceOf(Thread.currentThread()).orElse(PROCESS);
    }

    @Override
    public String getKey() {
        return "service";
    }
}
