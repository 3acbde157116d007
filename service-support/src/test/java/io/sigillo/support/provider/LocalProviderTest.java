package io.sigillo.support.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.infra.TestTime;
import io.sigillo.pec.event.Routing;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.index.LdifProvidersIndex;
import io.sigillo.pec.index.ProviderEntry;
import io.sigillo.pec.index.ReloadingProvidersIndex;
import io.sigillo.pec.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** This provider as the index in force says: a changed index file takes effect without a restart. */
class LocalProviderTest {

    private static List<ProviderEntry> demo() throws Exception {
        return LdifProvidersIndex.read(TestPki.get().dir().resolve("providers-index.ldif")).providers();
    }

    @Test
    void aProviderAddedToTheIndexFileIsKnownAfterTheNextCheckWithoutRestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("index.ldif");
        List<ProviderEntry> alphaOnly = demo().stream().filter(p -> p.managedDomains().contains("pec.alpha.example"))
                .toList();
        Files.writeString(file, LdifProvidersIndex.write(alphaOnly, "o=test"));
        LocalProvider alpha = new LocalProvider("pec.alpha.example",
                new ReloadingProvidersIndex(file, Duration.ZERO, TestTime.clock()));

        assertThat(alpha.providerOf("carol@pec.beta.example")).isEmpty();
        assertThat(alpha.index().classify("carol@pec.beta.example").kind()).isEqualTo(Recipient.Kind.ESTERNO);

        Files.writeString(file, LdifProvidersIndex.write(demo(), "o=test"));
        // A later modification time than the first write's, even where the file system counts whole seconds.
        Files.setLastModifiedTime(file, FileTime.from(Files.getLastModifiedTime(file).toInstant().plusSeconds(5)));

        assertThat(alpha.providerOf("carol@pec.beta.example")).get()
                .extracting(ProviderEntry::providerName).isEqualTo("Beta PEC S.r.l. (demo)");
        assertThat(alpha.index().classify("carol@pec.beta.example").kind()).isEqualTo(Recipient.Kind.CERTIFICATO);
        assertThat(alpha.isLocal("bob@pec.alpha.example")).isTrue();
        assertThat(alpha.isLocal("carol@pec.beta.example")).isFalse();
        assertThat(alpha.receiptMailbox()).isEqualTo("posta-certificata@pec.alpha.example");
    }

    @Test
    void splitsAddressesIntoThisProvidersOtherProvidersAndOrdinaryEmail() throws Exception {
        LocalProvider alpha = new LocalProvider("pec.alpha.example",
                new ReloadingProvidersIndex(TestPki.get().dir().resolve("providers-index.ldif"), Duration.ZERO,
                        TestTime.clock()));

        Routing routing = alpha.route(List.of("carol@pec.beta.example", "Bob@PEC.alpha.example", "dave@mail.example",
                "alice@pec.alpha.example"));

        assertThat(routing.local()).containsExactly("Bob@PEC.alpha.example", "alice@pec.alpha.example");
        assertThat(routing.otherProviders()).containsExactly("carol@pec.beta.example");
        assertThat(routing.external()).containsExactly("dave@mail.example");
        assertThat(alpha.route(List.of()).isEmpty()).isTrue();
    }
}
