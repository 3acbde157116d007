package io.sigillo.receipt;

import io.sigillo.support.OperationalEndpointsOnly;
import io.sigillo.support.ServiceSupport;
import io.sigillo.support.provider.ProvidersIndexSupport;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** The only holder of the provider's signing key: builds and signs every receipt, notice and envelope. */
@SpringBootApplication
@Import({ServiceSupport.class, OperationalEndpointsOnly.class, ProvidersIndexSupport.class})
public class ReceiptApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReceiptApplication.class, args);
    }
}
