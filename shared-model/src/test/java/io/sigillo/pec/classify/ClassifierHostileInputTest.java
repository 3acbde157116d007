package io.sigillo.pec.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.message.OriginalMessage;
import io.sigillo.pec.testing.FieldStyleMessages;
import io.sigillo.pec.testing.TestPki;
import io.sigillo.pec.testing.TestProviders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property-style fuzzing of the classifier: thousands of random and mutated messages, each generated from
 * a printed seed so any failure replays. Every input must get an outcome with a reason, quickly, and no
 * change inside the signed content may ever pass as VALID.
 */
class ClassifierHostileInputTest {

    private static final int CASES = Integer.getInteger("sigillo.fuzz.cases", 600);
    private static final PecClassifier CLASSIFIER = TestProviders.classifier();
    private static final List<byte[]> SEEDS = DemoMessages.all(DemoMessages.ACCEPTED_AT).values().stream()
            .map(m -> TestProviders.sign(m).bytes()).toList();

    static Stream<Arguments> mutators() {
        List<Arguments> all = new ArrayList<>();
        all.add(Arguments.of("random bytes", (BiFunction<Random, byte[], byte[]>) (r, s) -> {
            byte[] b = new byte[r.nextInt(4000)];
            r.nextBytes(b);
            return b;
        }));
        all.add(Arguments.of("random header-like lines", (BiFunction<Random, byte[], byte[]>) (r, s) -> {
            StringBuilder sb = new StringBuilder();
            String[] names = {"X-Ricevuta", "X-Trasporto", "Content-Type", "Content-Transfer-Encoding", "Subject"};
            String[] values = {"accettazione", "posta-certificata", "multipart/signed; boundary=\"x\"; protocol="
                    + "\"application/pkcs7-signature\"", "multipart/signed", "base64", "=?UTF-8?B?////?=", "\u00ff"};
            for (int i = r.nextInt(12); i >= 0; i--) {
                sb.append(names[r.nextInt(names.length)]).append(": ").append(values[r.nextInt(values.length)])
                        .append(r.nextBoolean() ? "\r\n" : "\n");
            }
            sb.append("\r\n--x\r\n").append("A".repeat(r.nextInt(200))).append("\r\n--x\r\n\r\nMIIB\r\n--x--\r\n");
            return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        }));
        all.add(Arguments.of("truncated", (BiFunction<Random, byte[], byte[]>) (r, s) ->
                Arrays.copyOf(s, r.nextInt(s.length))));
        all.add(Arguments.of("flipped bytes", (BiFunction<Random, byte[], byte[]>) (r, s) -> {
            byte[] b = s.clone();
            for (int i = 1 + r.nextInt(20); i > 0; i--) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            return b;
        }));
        all.add(Arguments.of("deleted range", (BiFunction<Random, byte[], byte[]>) (r, s) -> {
            int from = r.nextInt(s.length);
            int to = Math.min(s.length, from + 1 + r.nextInt(2000));
            byte[] b = new byte[s.length - (to - from)];
            System.arraycopy(s, 0, b, 0, from);
            System.arraycopy(s, to, b, from, s.length - to);
            return b;
        }));
        all.add(Arguments.of("duplicated range", (BiFunction<Random, byte[], byte[]>) (r, s) -> {
            int from = r.nextInt(s.length);
            int len = Math.min(s.length - from, 1 + r.nextInt(3000));
            byte[] b = new byte[s.length + len];
            System.arraycopy(s, 0, b, 0, from + len);
            System.arraycopy(s, from, b, from + len, s.length - from);
            return b;
        }));
        all.add(Arguments.of("broken boundaries", (BiFunction<Random, byte[], byte[]>) (r, s) -> {
            String text = new String(s, StandardCharsets.ISO_8859_1);
            String[] choices = {"------=_Sigillo_", "--", "boundary=\"", "\r\n\r\n", "base64"};
            String target = choices[r.nextInt(choices.length)];
            return text.replaceFirst(java.util.regex.Pattern.quote(target), r.nextBoolean() ? "" : "--x")
                    .getBytes(StandardCharsets.ISO_8859_1);
        }));
        all.add(Arguments.of("huge header", (BiFunction<Random, byte[], byte[]>) (r, s) -> {
            byte[] line = ("X-Junk: " + "a".repeat(200_000 + r.nextInt(800_000)) + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] b = new byte[line.length + s.length];
            System.arraycopy(line, 0, b, 0, line.length);
            System.arraycopy(s, 0, b, line.length, s.length);
            return b;
        }));
        all.add(Arguments.of("bad base64 signature", (BiFunction<Random, byte[], byte[]>) (r, s) -> {
            String text = new String(s, StandardCharsets.ISO_8859_1);
            int sig = text.indexOf("filename=\"smime.p7s\"");
            int body = text.indexOf("\r\n\r\n", sig) + 4;
            char[] junk = new char[1 + r.nextInt(300)];
            for (int i = 0; i < junk.length; i++) {
                junk[i] = (char) (32 + r.nextInt(95));
            }
            return (text.substring(0, body) + new String(junk) + text.substring(Math.min(text.length(),
                    body + r.nextInt(200)))).getBytes(StandardCharsets.ISO_8859_1);
        }));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutators")
    void everyMutatedMessageGetsAnOutcomeQuickly(String family, BiFunction<Random, byte[], byte[]> mutate) {
        long base = family.hashCode();
        int cases = family.equals("huge header") ? CASES / 20 : CASES;
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < cases; i++) {
                long seed = base * 31 + i;
                Random random = new Random(seed);
                byte[] original = SEEDS.get(random.nextInt(SEEDS.size()));
                byte[] input = mutate.apply(random, original);
                Classification c = CLASSIFIER.classify(input);
                assertThat(c).as("seed %d", seed).isNotNull();
                assertThat(c.outcome()).as("seed %d", seed).isNotNull();
                assertThat(c.reason()).as("seed %d", seed).isNotBlank();
                if (c.outcome() == Outcome.VALID) {
                    assertThat(signedRegion(input)).as("seed %d passed as VALID with altered signed content", seed)
                            .isEqualTo(signedRegion(original));
                }
            }
        });
    }

    @Test
    void flipsInsideTheSignedContentNeverPassAsValid() {
        for (int i = 0; i < CASES; i++) {
            Random random = new Random(7_000 + i);
            byte[] original = SEEDS.get(random.nextInt(SEEDS.size()));
            int[] region = signedBounds(original);
            byte[] b = original.clone();
            int at = region[0] + random.nextInt(region[1] - region[0]);
            b[at] = (byte) (b[at] ^ (1 + random.nextInt(255)));

            assertThat(CLASSIFIER.classify(b).outcome()).as("seed %d", 7_000 + i).isNotEqualTo(Outcome.VALID);
        }
    }

    static Stream<Arguments> signedHostileDaticerts() {
        StringBuilder bomb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE postacert [<!ENTITY a0 \"lol\">");
        for (int i = 1; i <= 12; i++) {
            bomb.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i - 1) + ";").repeat(10)).append("\">");
        }
        bomb.append("]><postacert tipo=\"accettazione\"><intestazione><mittente>&a12;</mittente></intestazione>"
                + "</postacert>");
        return Stream.of(
                Arguments.of("entity expansion", bomb.toString()),
                Arguments.of("external entity", "<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY x SYSTEM "
                        + "\"file:///etc/passwd\">]><postacert tipo=\"accettazione\">&x;</postacert>"),
                Arguments.of("not XML", "this is not xml <<<"),
                Arguments.of("wrong root", "<ricevuta/>"),
                Arguments.of("no dati", "<postacert tipo=\"accettazione\"><intestazione><mittente>a</mittente>"
                        + "<risposte>a</risposte></intestazione></postacert>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signedHostileDaticerts")
    void aValidlySignedReceiptWithAHostileDaticertIsMalformed(String name, String xml) throws Exception {
        byte[] bytes = FieldStyleMessages.sign(TestPki.get().alpha(), FieldStyleMessages.acceptanceHeaders(),
                FieldStyleMessages.receiptContent(xml), false);

        Classification c = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> CLASSIFIER.classify(bytes));

        assertThat(c.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(c.reason()).doesNotContain("root:");
    }

    @Test
    void aValidlySignedReceiptWithBadBase64InItsDaticertIsMalformed() throws Exception {
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("ricevuta");
        mixed.addBodyPart(text);
        mixed.addBodyPart(new MimeBodyPart(new ByteArrayInputStream(("Content-Type: application/xml; "
                + "name=\"daticert.xml\"\r\nContent-Transfer-Encoding: base64\r\n\r\n@@@@ not base64 ####\r\n")
                .getBytes(StandardCharsets.US_ASCII))));
        byte[] bytes = FieldStyleMessages.signedAcceptance(TestPki.get().alpha(), mixed);

        Classification c = CLASSIFIER.classify(bytes);

        assertThat(c.outcome()).isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void aValidlySignedMessageWithTooManyPartsIsMalformed() throws Exception {
        MimeMultipart mixed = new MimeMultipart("mixed");
        for (int i = 0; i < 1_200; i++) {
            MimeBodyPart p = new MimeBodyPart();
            p.setText("p" + i);
            mixed.addBodyPart(p);
        }
        byte[] bytes = FieldStyleMessages.signedAcceptance(TestPki.get().alpha(), mixed);

        Classification c = CLASSIFIER.classify(bytes);

        assertThat(c.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(c.reason()).contains("more than 1000 MIME parts");
    }

    /**
     * The signed part of a message, after the line ends are made canonical as the classifier makes them: a lone CR
     * or LF where CRLF was is the same signed content (a message saved with bare line ends still verifies).
     */
    private static byte[] signedRegion(byte[] message) {
        byte[] canonical = OriginalMessage.of(message).bytes();
        int[] bounds = signedBounds(canonical);
        return bounds == null ? null : Arrays.copyOfRange(canonical, bounds[0], bounds[1]);
    }

    /**
     * Start and end of the first part of a multipart/signed: the boundary its Content-Type names, then the first
     * whole delimiter line of it. A line that only looks like one (a duplicated range in the preamble) is not a
     * delimiter (RFC 2046), and the classifier rightly skips it.
     */
    private static int[] signedBounds(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        Matcher boundary = BOUNDARY.matcher(text);
        if (!boundary.find()) {
            return null;
        }
        String delimiter = "\r\n--" + boundary.group(1);
        int line = text.indexOf(delimiter + "\r\n");
        if (line < 0) {
            return null;
        }
        int start = line + delimiter.length() + 2;
        int end = text.indexOf(delimiter, start);
        return end < 0 ? null : new int[] {start, end};
    }

    /** The first boundary parameter: the outer Content-Type's, in our samples. */
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"([^\"\\r\\n]+)\"");
}
