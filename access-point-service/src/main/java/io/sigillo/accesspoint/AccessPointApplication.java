package io.sigillo.accesspoint;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Punto di accesso: authenticates senders, checks and accepts their messages, and keeps the sender-side clocks. */
@SpringBootApplication
public class AccessPointApplication {

    public static void main(String[] args) {
        SpringApplication.run(AccessPointApplication.class, args);
    }
}
