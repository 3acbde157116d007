package io.sigillo.webmail.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.pec.message.OriginalMessage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How the original's body is read for the page: how much of it, and whether it says it was cut. */
class OriginalContentTest {

    private static OriginalMessage textOf(String body) {
        String eml = "From: alice@pec.alpha.example\r\nTo: carol@pec.beta.example\r\nSubject: Lungo\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n" + body;
        return OriginalMessage.of(eml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aLongNonAsciiTextIsCutAtTheBytesShownAndSaysItWasCut() throws Exception {
        // 1.5 MB of a two-byte character: half as many characters as bytes.
        OriginalContent content = OriginalContent.read(textOf("è".repeat(768 * 1024)));

        assertThat(content.truncated()).isTrue();
        assertThat(content.text()).hasSize(OriginalContent.LONGEST_BODY / 2).matches("è+");
    }

    @Test
    void aTextCutInsideACharacterShowsNoHalfOfIt() throws Exception {
        OriginalContent content = OriginalContent.read(textOf("a" + "è".repeat(600 * 1024)));

        assertThat(content.truncated()).isTrue();
        assertThat(content.text()).startsWith("aè").doesNotContain("\uFFFD")
                .hasSize(1 + (OriginalContent.LONGEST_BODY - 1) / 2);
    }

    @Test
    void aTextOfExactlyTheLongestShownIsWholeAndNotSaidCut() throws Exception {
        OriginalContent content = OriginalContent.read(textOf("è".repeat(OriginalContent.LONGEST_BODY / 2)));

        assertThat(content.truncated()).isFalse();
        assertThat(content.text()).hasSize(OriginalContent.LONGEST_BODY / 2);
    }
}
