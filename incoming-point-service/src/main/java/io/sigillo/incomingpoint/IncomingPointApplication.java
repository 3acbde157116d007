package io.sigillo.incomingpoint;

import io.sigillo.support.OperationalEndpointsOnly;
import io.sigillo.support.ServiceSupport;
import io.sigillo.support.provider.ProvidersIndexSupport;
import io.sigillo.support.virus.VirusScanning;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.context.annotation.Import;

/** Punto di ricezione: verifies incoming envelopes and receipts, issues take-in-charge receipts, wraps anomalies. */
@SpringBootApplication
@EnableScheduling
@Import({ServiceSupport.class, OperationalEndpointsOnly.class, ProvidersIndexSupport.class, VirusScanning.class})
public class IncomingPointApplication {

    public static void main(String[] args) {
        SpringApplication.run(IncomingPointApplication.class, args);
    }
}
