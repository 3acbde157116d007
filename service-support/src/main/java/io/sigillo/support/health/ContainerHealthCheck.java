package io.sigillo.support.health;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * A container health check for images without curl or a shell: exits 0 when the URL answers 200, 1 otherwise.
 * Run as {@code java -cp @/app/jib-classpath-file io.sigillo.support.health.ContainerHealthCheck URL}.
 */
public final class ContainerHealthCheck {

    private ContainerHealthCheck() {
    }

    /** Entry point: one argument, the health URL (a readiness group, usually). */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: ContainerHealthCheck http://localhost:PORT/actuator/health/readiness");
            System.exit(2);
        }
        System.exit(healthy(args[0]) ? 0 : 1);
    }

    /** True when {@code url} answers 200 within two seconds. */
    static boolean healthy(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(2000);
            try {
                return c.getResponseCode() == 200;
            } finally {
                c.disconnect();
            }
        } catch (IOException | IllegalArgumentException e) {
            System.err.println(url + ": " + e.getMessage());
            return false;
        }
    }
}
