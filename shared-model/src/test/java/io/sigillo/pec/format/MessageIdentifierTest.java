package io.sigillo.pec.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageIdentifierTest {

    @Test
    void freshIdentifiersAreUniqueOpaqueAndInTheProviderDomain() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            MessageIdentifier id = MessageIdentifier.random("PEC.Alpha.example");
            assertThat(seen.add(id.value())).isTrue();
        }
        MessageIdentifier one = MessageIdentifier.random("pec.alpha.example");
        assertThat(one.value()).matches("opec\\.[a-z2-7]{26}@pec\\.alpha\\.example");
        assertThat(one.domain()).isEqualTo("pec.alpha.example");
    }

    @Test
    void identifiersNeedNoEscapingInHeadersOrXml() {
        MessageIdentifier id = MessageIdentifier.random("pec.alpha.example");
        assertThat(id.asHeader()).matches("<[a-z0-9.@-]+>");
    }

    @Test
    void derivedIdentifiersAreStableForTheSameFactsAndDifferOtherwise() {
        MessageIdentifier a = MessageIdentifier.derived("pec.beta.example", "opec.x@pec.alpha.example", "consegna",
                "bob@pec.beta.example");
        MessageIdentifier b = MessageIdentifier.derived("pec.beta.example", "opec.x@pec.alpha.example", "consegna",
                "bob@pec.beta.example");
        MessageIdentifier c = MessageIdentifier.derived("pec.beta.example", "opec.x@pec.alpha.example", "consegna",
                "carol@pec.beta.example");
        MessageIdentifier shifted = MessageIdentifier.derived("pec.beta.example", "opec.x@pec.alpha.example",
                "consegnab", "ob@pec.beta.example");

        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
        assertThat(a).isNotEqualTo(shifted);
    }

    @Test
    void headerFormsParseAndGarbageIsRefused() {
        assertThat(MessageIdentifier.parse(" <opec.a@pec.alpha.example> ").value())
                .isEqualTo("opec.a@pec.alpha.example");
        assertThatThrownBy(() -> MessageIdentifier.parse("<a\r\nBcc: x@y>")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MessageIdentifier.random("not a domain")).isInstanceOf(IllegalArgumentException.class);
    }
}
