package io.sigillo.pec.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.pec.format.MessageIdentifier;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderTextTest {

    @Test
    void controlCharactersBecomeReplacementCharactersAndTheRestStays() {
        assertThat(HeaderText.neutralised("nul\u0000 esc\u001B[31m cr\r lf\n del\u007F c1\u0085 end"))
                .isEqualTo("nul\uFFFD esc\uFFFD[31m cr\uFFFD lf\uFFFD del\uFFFD c1\uFFFD end");
        assertThat(HeaderText.neutralised("Fattura n° 12\tperò 😀")).isEqualTo("Fattura n° 12\tperò 😀");
        assertThat(HeaderText.neutralised("nonchar\uFFFE lone\uD83D end \uDE00 pair\uD83D\uDE00"))
                .isEqualTo("nonchar\uFFFD lone\uFFFD end \uFFFD pair\uD83D\uDE00");
        assertThat(HeaderText.neutralised(null)).isNull();
        assertThat(HeaderText.hasControlCharacters("a\u0000")).isTrue();
        assertThat(HeaderText.hasControlCharacters("a\tb")).isFalse();
    }

    @Test
    void theFactsOfAMessageCarryNoControlCharacterIntoReceiptsOrTheLog() {
        MessageFacts facts = new MessageFacts(MessageIdentifier.random("pec.beta.example"), "carol\u0000@x.example",
                List.of(), List.of(), null, "nul\u0000here", "<id\r\nBcc: x@y.example>");

        assertThat(facts.subject()).isEqualTo("nul\uFFFDhere");
        assertThat(facts.sender()).isEqualTo("carol\uFFFD@x.example");
        assertThat(facts.replyTo()).isEqualTo(facts.sender());
        assertThat(facts.originalMessageId()).isEqualTo("<id\uFFFD\uFFFDBcc: x@y.example>");
    }

    @Test
    void anOriginalsHeadersInRawUtf8AreReadAsUtf8AndOthersInEightBitsAsLatin1() {
        OriginalMessage utf8 = OriginalMessage.of("From: a@pec.alpha.example\r\nSubject: Perché è così, 10 €\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8));
        OriginalMessage latin1 = OriginalMessage.of("From: a@pec.alpha.example\r\nSubject: Perché\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));

        assertThat(utf8.header("Subject")).isEqualTo("Perché è così, 10 €");
        assertThat(latin1.header("Subject")).isEqualTo("Perché");
    }
}
