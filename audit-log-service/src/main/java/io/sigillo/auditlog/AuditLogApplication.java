package io.sigillo.auditlog;

import io.sigillo.support.ServiceSupport;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The provider's 30-month log of every PEC event, with trace and receipt reproduction for compliance staff. */
@SpringBootApplication
@EnableScheduling
@Import(ServiceSupport.class)
@ConfigurationPropertiesScan
public class AuditLogApplication {

    public static void main(String[] args) {
        SpringApplication.run(AuditLogApplication.class, args);
    }
}
