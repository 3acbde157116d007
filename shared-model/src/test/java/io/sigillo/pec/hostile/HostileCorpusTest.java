package io.sigillo.pec.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.pec.classify.Classification;
import io.sigillo.pec.classify.Outcome;
import io.sigillo.pec.classify.PecClassifier;
import io.sigillo.pec.daticert.Daticert;
import io.sigillo.pec.daticert.DaticertException;
import io.sigillo.pec.daticert.DaticertReader;
import io.sigillo.pec.daticert.DaticertSchema;
import io.sigillo.pec.daticert.DaticertWriter;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.index.LdifProvidersIndex;
import io.sigillo.pec.index.ProvidersIndex;
import io.sigillo.pec.index.ProvidersIndexException;
import io.sigillo.pec.message.ProviderMessage;
import io.sigillo.pec.testing.HostileCorpus;
import io.sigillo.pec.testing.TestPki;
import io.sigillo.pec.testing.TestProviders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The edges of the shared model, each fed {@link HostileCorpus#CASES} generated hostile cases: daticert.xml as a
 * provider's message carries it, the providers' index as the directory exports it, and whole messages as they
 * arrive by SMTP. Each case gets a clear outcome (read, or refused with the edge's own exception, or a verdict),
 * never another exception; no case that changed what was signed is ever VALID.
 */
class HostileCorpusTest {

    private static final Collection<ProviderMessage> MESSAGES = DemoMessages.all(DemoMessages.ACCEPTED_AT).values();

    @Test
    void daticertXml() {
        DaticertWriter writer = new DaticertWriter();
        DaticertReader reader = new DaticertReader();
        DaticertSchema schema = new DaticertSchema();
        List<byte[]> seeds = MESSAGES.stream().map(ProviderMessage::daticert).flatMap(Optional::stream)
                .map(writer::write).toList();

        // The reader is what the classifier runs on every arrival; the schema what the composer checks before signing.
        HostileCorpus corpus = new HostileCorpus("daticert.xml", seeds).run(HostileCorpus.CASES, xml -> {
            Daticert read;
            try {
                read = reader.read(xml);
            } catch (DaticertException e) {
                return "refused by the reader";
            }
            assertThat(read.identifier()).doesNotContain("\u0000");
            try {
                schema.validate(xml);
                return "read, valid";
            } catch (DaticertException e) {
                return "read, refused by the schema";
            }
        });

        assertThat(corpus.total()).isEqualTo(HostileCorpus.CASES);
        assertThat(corpus.outcomes()).containsKeys("read, valid", "refused by the reader");
    }

    @Test
    void providersIndexLdif() throws Exception {
        byte[] ldif = Files.readAllBytes(TestPki.get().dir().resolve("providers-index.ldif"));

        HostileCorpus corpus = new HostileCorpus("providers' index (LDIF)", List.of(ldif)).run(HostileCorpus.CASES,
                text -> {
                    try {
                        ProvidersIndex index = LdifProvidersIndex.parse(new String(text, StandardCharsets.UTF_8));
                        assertThat(index.providers()).isNotEmpty();
                        return "read";
                    } catch (ProvidersIndexException e) {
                        return "refused";
                    }
                });

        assertThat(corpus.total()).isEqualTo(HostileCorpus.CASES);
        assertThat(corpus.outcomes()).containsKeys("read", "refused");
    }

    @Test
    void messagesAsTheyArriveBySmtp() {
        PecClassifier classifier = TestProviders.classifier();
        List<byte[]> seeds = MESSAGES.stream().map(m -> TestProviders.sign(m).bytes()).toList();
        List<Daticert> signed = seeds.stream().map(seed -> classifier.classify(seed).daticert())
                .flatMap(Optional::stream).toList();

        HostileCorpus corpus = new HostileCorpus("messages arriving by SMTP", seeds).run(HostileCorpus.CASES,
                bytes -> {
                    Classification c = classifier.classify(bytes);
                    assertThat(c.reason() == null || !c.reason().isBlank()).isTrue();
                    if (c.outcome() == Outcome.VALID && c.type().orElseThrow().daticertType().isPresent()) {
                        // Only a change outside the signature can leave it valid: what it certifies is a seed's.
                        assertThat(signed).as("a VALID case certifies what a seed does")
                                .contains(c.daticert().orElseThrow());
                    }
                    return c.outcome().name();
                });

        assertThat(corpus.total()).isEqualTo(HostileCorpus.CASES);
        assertThat(corpus.outcomes()).containsKeys("VALID", "MALFORMED", "NOT_PEC");
    }
}
