package io.sigillo.incomingpoint;

import io.sigillo.pec.classify.PecClassifier;
import io.sigillo.pec.smime.KeystoreException;
import io.sigillo.pec.smime.SmimeVerifier;
import io.sigillo.pec.smime.TrustedProviders;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The incoming point's infrastructure: trust store, classifier, blob store, clock. */
@Configuration
@ConfigurationPropertiesScan
public class IncomingPointConfiguration {

    @Bean
    TrustedProviders trustedProviders(IncomingPointProperties properties) throws KeystoreException {
        Path path = Path.of(properties.trustPath());
        return path.toString().endsWith(".p12")
                ? TrustedProviders.fromPkcs12(path, properties.trustPassword() == null ? new char[0]
                        : properties.trustPassword().toCharArray())
                : TrustedProviders.fromPem(path);
    }

    @Bean
    PecClassifier classifier(TrustedProviders trust, Clock clock) {
        return new PecClassifier(new SmimeVerifier(() -> trust, clock), new io.sigillo.pec.daticert.DaticertReader(),
                io.sigillo.pec.classify.ClassifierLimits.DEFAULT);
    }
}
