package io.sigillo.pec.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillo.infra.TestTime;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProvidersIndexTest {

    private static ProvidersIndex demoIndex() throws Exception {
        return LdifProvidersIndex.read(TestPki.get().dir().resolve("providers-index.ldif"));
    }

    @Test
    void theDemoIndexListsBothProvidersWithTheirDomainsCertificatesAndHosts() throws Exception {
        ProvidersIndex index = demoIndex();

        ProviderEntry beta = index.providerForAddress("carol@PEC.Beta.example").orElseThrow();
        assertThat(beta.providerName()).isEqualTo("Beta PEC S.r.l. (demo)");
        assertThat(beta.mailReceipt()).isEqualTo("posta-certificata@pec.beta.example");
        assertThat(beta.mailHost()).isEqualTo("localhost:2526");
        assertThat(index.providerOf(TestPki.get().beta().certificate())).contains(beta);
        assertThat(index.providerOf(TestPki.get().rogue().certificate())).isEmpty();
        assertThat(index.trustedProviders().find(TestPki.get().alpha().certificate())).isPresent();
    }

    @Test
    void recipientsAreCertifiedExactlyWhenTheirDomainIsListed() throws Exception {
        ProvidersIndex index = demoIndex();

        assertThat(index.classify("bob@pec.alpha.example")).isEqualTo(Recipient.certified("bob@pec.alpha.example"));
        assertThat(index.classify("dave@mail.example")).isEqualTo(Recipient.external("dave@mail.example"));
        assertThat(index.classify("no-at-sign")).isEqualTo(Recipient.external("no-at-sign"));
    }

    @Test
    void twoCertificatesOfOneProviderAreBothTrustedDuringAKeyRotation() throws Exception {
        ProviderEntry rotating = new ProviderEntry("Alpha", List.of(TestPki.get().alpha().certificate(),
                TestPki.get().rogue().certificate()), "posta-certificata@pec.alpha.example",
                List.of("pec.alpha.example"), null);

        ProvidersIndex index = LdifProvidersIndex.parse(LdifProvidersIndex.write(List.of(rotating), "c=IT"));

        assertThat(index.providerOf(TestPki.get().rogue().certificate()).orElseThrow().providerName())
                .isEqualTo("Alpha");
        assertThat(index.providers().get(0).certificateHashes()).hasSize(2);
    }

    @Test
    void aDomainListedByTwoProvidersIsRefusedWithBothNames() {
        String ldif = LdifProvidersIndex.write(List.of(
                new ProviderEntry("Uno", List.of(TestPki.get().alpha().certificate()), "a@x.example",
                        List.of("shared.example"), null),
                new ProviderEntry("Due", List.of(TestPki.get().beta().certificate()), "b@y.example",
                        List.of("shared.example"), null)), "c=IT");

        assertThatThrownBy(() -> LdifProvidersIndex.parse(ldif)).isInstanceOf(ProvidersIndexException.class)
                .hasMessageContaining("shared.example").hasMessageContaining("Uno").hasMessageContaining("Due");
    }

    @Test
    void brokenEntriesAreRefusedSayingWhich() {
        assertThatThrownBy(() -> LdifProvidersIndex.parse("dn: x\nobjectClass: provider\nmailReceipt: a@b.example\n"))
                .isInstanceOf(ProvidersIndexException.class).hasMessageContaining("providername");
        assertThatThrownBy(() -> LdifProvidersIndex.parse("dn: x\nobjectClass: provider\nproviderName: P\n"
                + "mailReceipt: a@b.example\nmanagedDomains: p.example\nproviderCertificate:: bm90IGEgY2VydA==\n"))
                .isInstanceOf(ProvidersIndexException.class).hasMessageContaining("unreadable providerCertificate");
        assertThatThrownBy(() -> LdifProvidersIndex.parse("dn: o=empty\nobjectClass: organization\n"))
                .isInstanceOf(ProvidersIndexException.class).hasMessageContaining("no provider entry");
        assertThatThrownBy(() -> LdifProvidersIndex.parse("this line has no colon\n"))
                .isInstanceOf(ProvidersIndexException.class);
    }

    @Test
    void aChangedFileIsReloadedWithoutRestartAndABrokenOneKeepsTheLastGoodIndex() throws Exception {
        Path file = Files.createTempFile("index", ".ldif");
        Files.copy(TestPki.get().dir().resolve("providers-index.ldif"), file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        MutableClock clock = new MutableClock();
        ReloadingProvidersIndex index = new ReloadingProvidersIndex(file, Duration.ofSeconds(5), clock);
        assertThat(index.get().providerForDomain("pec.gamma.example")).isEmpty();

        Files.writeString(file, Files.readString(file).replace("managedDomains: pec.beta.example",
                "managedDomains: pec.beta.example\nmanagedDomains: pec.gamma.example"));
        touchLater(file);
        assertThat(index.get().providerForDomain("pec.gamma.example")).as("not before the interval").isEmpty();
        clock.advance(Duration.ofSeconds(6));
        assertThat(index.get().providerForDomain("pec.gamma.example")).isPresent();

        Files.writeString(file, "garbage without colon\n");
        touchLater(file);
        clock.advance(Duration.ofSeconds(6));
        assertThat(index.get().providerForDomain("pec.gamma.example")).as("last good index kept").isPresent();
        assertThat(index.trustedProviders().get().size()).isEqualTo(2);
    }

    /** Moves the file's modification time past its last one, as an edit in a later second would. */
    private static void touchLater(Path file) throws java.io.IOException {
        Files.setLastModifiedTime(file, FileTime.from(Files.getLastModifiedTime(file).toInstant().plusSeconds(10)));
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private Instant now = TestTime.start();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
