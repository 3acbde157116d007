package io.sigillo.deliverypoint;

import io.sigillo.support.ServiceSupport;
import io.sigillo.support.provider.ProvidersIndexSupport;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** Punto di consegna: stores envelopes in mailboxes and reports delivery or non-delivery. */
@SpringBootApplication
@EnableScheduling
@Import({ServiceSupport.class, ProvidersIndexSupport.class})
@ConfigurationPropertiesScan
public class DeliveryPointApplication {

    public static void main(String[] args) {
        SpringApplication.run(DeliveryPointApplication.class, args);
    }
}
