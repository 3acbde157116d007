package io.sigillo.webmail.message;

import io.sigillo.pec.classify.ClassifierLimits;
import io.sigillo.pec.classify.PecClassifier;
import io.sigillo.pec.daticert.DaticertReader;
import io.sigillo.pec.index.ProvidersIndexException;
import io.sigillo.pec.index.ReloadingProvidersIndex;
import io.sigillo.pec.smime.SmimeVerifier;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the webmail checks a message it shows: with the classifier the incoming point uses, trusting the providers the
 * index in force lists ({@code sigillo.index.path}, as every service reads it), each signer's certificate taken as
 * valid when the message says it was signed, since a mailbox keeps messages for years (ADR 0021).
 */
@Configuration(proxyBeanMethods = false)
public class MessageReadingConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ReloadingProvidersIndex providersIndex(@Value("${sigillo.index.path}") String path,
            @Value("${sigillo.index.reload-interval:30s}") Duration interval, Clock clock)
            throws ProvidersIndexException {
        return new ReloadingProvidersIndex(Path.of(path), interval, clock);
    }

    @Bean
    PecClassifier archiveClassifier(ReloadingProvidersIndex index, Clock clock) {
        return new PecClassifier(new SmimeVerifier(index.trustedProviders(), clock, SmimeVerifier.Moment.ARCHIVE),
                new DaticertReader(), ClassifierLimits.DEFAULT);
    }
}
