package io.sigillo.incomingpoint;

import io.sigillo.pec.classify.ClassifierLimits;
import io.sigillo.pec.classify.PecClassifier;
import io.sigillo.pec.daticert.DaticertReader;
import io.sigillo.pec.index.ReloadingProvidersIndex;
import io.sigillo.pec.smime.CertificateRevocation;
import io.sigillo.pec.smime.KeystoreException;
import io.sigillo.pec.smime.SmimeVerifier;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The incoming point's classifier: signatures are trusted when the providers' index in force lists the signer. */
@Configuration
@ConfigurationPropertiesScan
public class IncomingPointConfiguration {

    /** The signers' revocation, when the provider enables it; the issuers' certificates are read once. */
    @Bean
    @ConditionalOnProperty("sigillo.incoming.revocation.enabled")
    CertificateRevocation revocation(IncomingPointProperties properties, Clock clock) throws KeystoreException {
        return new CertificateRevocation(
                CertificateRevocation.issuersFrom(Path.of(properties.revocation().issuersPath())), clock);
    }

    @Bean
    PecClassifier classifier(ReloadingProvidersIndex index, Clock clock) {
        return new PecClassifier(new SmimeVerifier(index.trustedProviders(), clock), new DaticertReader(),
                ClassifierLimits.DEFAULT);
    }
}
