package io.sigillo.pec.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeaderBlockTest {

    private static String written(HeaderBlock headers) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        headers.writeTo(out);
        return out.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void aSubjectWithLineBreaksCannotInjectAHeader() throws Exception {
        String text = written(new HeaderBlock().text("Subject", "hello\r\nBcc: victim@example.org\r\n\r\nbody"));

        assertThat(text).doesNotContain("\r\nBcc:");
        assertThat(text.split("\r\n(?![ \t])")).hasSize(1);
    }

    @Test
    void aMessageIdWithLineBreaksStaysOneField() throws Exception {
        String text = written(new HeaderBlock().raw("X-Riferimento-Message-ID", "<a@b>\r\nX-Ricevuta: accettazione"));

        assertThat(text).doesNotContain("\r\nX-Ricevuta");
    }

    @Test
    void nonAsciiSubjectsAreEncodedWordsAndLongOnesFolded() throws Exception {
        String text = written(new HeaderBlock().text("Subject", "Città ".repeat(40)));

        assertThat(text).startsWith("Subject: =?UTF-8?Q?");
        for (String line : text.split("\r\n")) {
            assertThat(line.length()).isLessThanOrEqualTo(78);
        }
    }

    @Test
    void aDisplayNameWithSpecialsIsQuoted() throws Exception {
        String text = written(new HeaderBlock().address("From", "posta-certificata@pec.alpha.example",
                "Per conto di: alice@pec.alpha.example"));

        assertThat(text.replace("\r\n ", " ")).isEqualTo(
                "From: \"Per conto di: alice@pec.alpha.example\" <posta-certificata@pec.alpha.example>\r\n");
    }
}
