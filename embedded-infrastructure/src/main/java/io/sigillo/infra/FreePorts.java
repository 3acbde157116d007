package io.sigillo.infra;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers the tests start later, in other processes too. Taken below the kernel's ephemeral range
 * (32768 and up on Linux), since a port picked there can become the local end of any outgoing connection, a Kafka
 * client's say, before its server binds it; and never handed out twice by one JVM.
 */
public final class FreePorts {

    private static final int LOWEST = 20000;
    private static final int BELOW = 32000;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    /** A port free now, and {@code count - 1} free ports after it. */
    public static synchronized int take(int count) throws IOException {
        for (int attempt = 0; attempt < 500; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(LOWEST, BELOW - count);
            boolean free = true;
            for (int port = first; port < first + count && free; port++) {
                free = !HANDED_OUT.contains(port) && bindable(port);
            }
            if (free) {
                for (int port = first; port < first + count; port++) {
                    HANDED_OUT.add(port);
                }
                return first;
            }
        }
        throw new IOException("no " + count + " free ports in a row between " + LOWEST + " and " + BELOW);
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
