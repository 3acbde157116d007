package io.sigillo.support.provider;

import io.sigillo.pec.index.ProvidersIndexException;
import io.sigillo.pec.index.ReloadingProvidersIndex;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The providers' index, read the same way by every service that needs it: an LDIF export of the directory at
 * {@code sigillo.index.path} ({@code SIGILLO_INDEX_PATH}), checked for changes every
 * {@code sigillo.index.reload-interval}; and this provider ({@code sigillo.provider.domain}) as it lists it.
 */
@Configuration(proxyBeanMethods = false)
public class ProvidersIndexSupport {

    @Bean
    ReloadingProvidersIndex providersIndex(@Value("${sigillo.index.path}") String path,
            @Value("${sigillo.index.reload-interval:30s}") Duration interval, Clock clock)
            throws ProvidersIndexException {
        return new ReloadingProvidersIndex(Path.of(path), interval, clock);
    }

    @Bean
    LocalProvider localProvider(@Value("${sigillo.provider.domain}") String domain, ReloadingProvidersIndex index) {
        return new LocalProvider(domain, index);
    }
}
