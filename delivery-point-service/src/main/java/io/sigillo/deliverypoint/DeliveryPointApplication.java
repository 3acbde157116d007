package io.sigillo.deliverypoint;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Punto di consegna: stores envelopes in mailboxes and reports delivery or non-delivery. */
@SpringBootApplication
public class DeliveryPointApplication {

    public static void main(String[] args) {
        SpringApplication.run(DeliveryPointApplication.class, args);
    }
}
