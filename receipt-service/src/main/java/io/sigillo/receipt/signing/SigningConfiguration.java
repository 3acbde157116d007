package io.sigillo.receipt.signing;

import io.sigillo.pec.message.ProviderMessageComposer;
import io.sigillo.pec.smime.KeystoreException;
import io.sigillo.pec.smime.ProviderCredentials;
import io.sigillo.pec.smime.SmimeSigner;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Loads the signing key once and builds the one composer every handler shares. */
@Configuration
@ConfigurationPropertiesScan
public class SigningConfiguration {

    @Bean
    ProviderMessageComposer composer(SigningProperties signing, Clock clock) throws KeystoreException {
        ProviderCredentials credentials = ProviderCredentials.fromPkcs12(Path.of(signing.keystorePath()),
                signing.keystorePassword().toCharArray(), blankToNull(signing.keyAlias()));
        return new ProviderMessageComposer(new SmimeSigner(credentials, clock));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
