package io.sigillo.incomingpoint;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Punto di ricezione: verifies incoming envelopes and receipts, issues take-in-charge receipts, wraps anomalies. */
@SpringBootApplication
public class IncomingPointApplication {

    public static void main(String[] args) {
        SpringApplication.run(IncomingPointApplication.class, args);
    }
}
