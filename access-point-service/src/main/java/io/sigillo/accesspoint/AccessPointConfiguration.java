package io.sigillo.accesspoint;

import io.sigillo.blob.BlobStore;
import io.sigillo.blob.PostgresBlobStore;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The access point's infrastructure beans. */
@Configuration
@ConfigurationPropertiesScan
public class AccessPointConfiguration {

    @Bean
    BlobStore blobStore(DataSource dataSource) {
        return new PostgresBlobStore(dataSource).migrate();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
