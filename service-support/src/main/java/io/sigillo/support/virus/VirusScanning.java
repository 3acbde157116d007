package io.sigillo.support.virus;

import java.time.Duration;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The virus scanner a service uses: {@code sigillo.virus.scanner} is {@code clamd} (ClamAV's daemon at
 * {@code sigillo.virus.clamd.host}:{@code port}) or {@code none}.
 */
@Configuration(proxyBeanMethods = false)
public class VirusScanning {

    @Bean
    VirusScanner virusScanner(@Value("${sigillo.virus.scanner:none}") String kind,
            @Value("${sigillo.virus.clamd.host:localhost}") String host,
            @Value("${sigillo.virus.clamd.port:3310}") int port,
            @Value("${sigillo.virus.clamd.timeout:30s}") Duration timeout) {
        return switch (kind.trim().toLowerCase(Locale.ROOT)) {
            case "clamd" -> new ClamdScanner(host, port, timeout);
            case "none" -> {
                LoggerFactory.getLogger(VirusScanning.class).warn("Virus scanning is off (sigillo.virus.scanner="
                        + "none): set it to clamd and point sigillo.virus.clamd.host/port at ClamAV");
                yield VirusScanner.NONE;
            }
            default -> throw new IllegalArgumentException("sigillo.virus.scanner must be clamd or none, not " + kind);
        };
    }
}
