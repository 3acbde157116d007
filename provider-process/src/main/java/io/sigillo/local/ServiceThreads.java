package io.sigillo.local;

import java.util.Optional;

/**
 * The threads of one service: the thread that starts it belongs to a group named after it, and every thread it
 * or its threads create (Tomcat's, Kafka's, the schedulers') joins that group, so a log line can say whose it is.
 * The JVM's shared helper threads (the common fork-join pool, the JDBC driver's timer) join the group of whichever
 * service started them first; their rare lines may land in that service's file.
 */
final class ServiceThreads extends ThreadGroup {

    ServiceThreads(String service) {
        super(service);
    }

    /** The service {@code thread} works for, if it works for one. */
    static Optional<String> serviceOf(Thread thread) {
        for (ThreadGroup group = thread.getThreadGroup(); group != null; group = group.getParent()) {
            if (group instanceof ServiceThreads) {
                return Optional.of(group.getName());
            }
        }
        return Optional.empty();
    }
}
