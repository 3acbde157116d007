package io.sigillo.webmail;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The webmail of one provider: pages built on the server from its services' own APIs (ADR 0035). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WebmailApplication {

    public static void main(String[] args) {
        SpringApplication.run(WebmailApplication.class, args);
    }
}
