package io.sigillo.accesspoint;

import io.sigillo.support.ServiceSupport;
import io.sigillo.support.provider.ProvidersIndexSupport;
import io.sigillo.support.virus.VirusScanning;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Punto di accesso: authenticates senders, checks and accepts their messages, and keeps the sender-side clocks. */
@SpringBootApplication
@Import({ServiceSupport.class, ProvidersIndexSupport.class, VirusScanning.class})
@ConfigurationPropertiesScan
@EnableScheduling
public class AccessPointApplication {

    public static void main(String[] args) {
        SpringApplication.run(AccessPointApplication.class, args);
    }
}
