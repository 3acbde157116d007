package io.sigillo.deliverypoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillo.infra.PostgresAccess;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.pec.testing.TestPki;
import io.sigillo.pec.testing.HealthProbes;
import io.sigillo.pec.testing.OpenApiDocs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.stream.binding.BindingService;

class DeliveryPointApplicationTest extends DeliveryPointTestSupport {

    @LocalServerPort
    int port;

    @Autowired
    BindingService bindings;

    @Test
    void startsAndReportsHealthyOnTheActuatorProbes() throws Exception {
        HealthProbes.assertUp(port);
    }

    @Test
    void servesTheOpenApiDocumentCheckedIntoDocs() throws Exception {
        OpenApiDocs.assertMatchesCheckedIn(port, "delivery-point-service");
    }

    @Test
    void refusesToStartWithoutAdminCredentials() {
        PostgresAccess pg = SharedTestInfrastructure.postgres();

        assertThatThrownBy(() -> new SpringApplicationBuilder(DeliveryPointApplication.class)
                .run("--server.port=0", "--sigillo.provider.domain=pec.alpha.example",
                        "--spring.datasource.url=" + pg.jdbcUrl("delivery"),
                        "--spring.datasource.username=" + pg.username(),
                        "--spring.datasource.password=" + pg.password(),
                        "--sigillo.index.path=" + TestPki.get().dir().resolve("providers-index.ldif"),
                        "--spring.kafka.bootstrap-servers=" + SharedTestInfrastructure.kafka().bootstrapServers())
                .close())
                .hasStackTraceContaining("sigillo.admin");
    }

    @Test
    void readsEveryTopicItDeliversFromWithOneConsumer() {
        assertThat(bindings.getConsumerBindingNames()).containsExactly("deliver-in-0");
        assertThat(bindings.getConsumerBindings("deliver-in-0")).hasSize(1);
    }
}
