package io.sigillo.auditlog;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The provider's 30-month log of every PEC event, with trace and receipt reproduction for compliance staff. */
@SpringBootApplication
public class AuditLogApplication {

    public static void main(String[] args) {
        SpringApplication.run(AuditLogApplication.class, args);
    }
}
