package io.sigillo.accesspoint.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillo.pec.index.LdifProvidersIndex;
import io.sigillo.pec.index.ProvidersIndex;
import io.sigillo.pec.testing.TestPki;
import io.sigillo.support.provider.LocalProvider;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

class JsonSubmissionsTest {

    private static final String ALICE = "alice@pec.alpha.example";

    private static JsonSubmissions submissions;

    @BeforeAll
    static void accessPoint() throws Exception {
        ProvidersIndex index = LdifProvidersIndex.read(TestPki.get().dir().resolve("providers-index.ldif"));
        LocalProvider alpha = new LocalProvider("pec.alpha.example", () -> index);
        Clock clock = Clock.fixed(Instant.parse("2026-12-04T09:00:00Z"), ZoneOffset.UTC);
        submissions = new JsonSubmissions(new OriginalMessageBuilder(clock, new FreshMessageIds(alpha)),
                new SubmissionProperties(DataSize.ofMegabytes(30), 50), JsonMapper.builder().build());
    }

    private static String withAttachments(String... base64) {
        StringBuilder json = new StringBuilder("{\"to\":[\"bob@pec.alpha.example\"],\"attachments\":[");
        for (int i = 0; i < base64.length; i++) {
            json.append(i == 0 ? "" : ",").append("{\"filename\":\"parte").append(i)
                    .append(".bin\",\"contentBase64\":\"").append(base64[i]).append("\"}");
        }
        // The subject after the attachments: a client may put the fields in any order.
        return json.append("],\"subject\":\"Archivio\",\"text\":\"In allegato.\"}").toString();
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] build(String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.US_ASCII);
        return submissions.build(ALICE, body.length, new ByteArrayInputStream(body), null);
    }

    private static MimeMultipart parts(byte[] message) throws Exception {
        MimeMessage parsed = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message));
        assertThat(parsed.getSubject()).isEqualTo("Archivio");
        return (MimeMultipart) parsed.getContent();
    }

    private static Set<Path> spooled() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("sigillo-attachment-"))
                    .collect(Collectors.toSet());
        }
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void aTwentyMegabyteSubmissionIsBuiltWithTheMessageAsTheOnlyCopyInMemory() throws Exception {
        byte[] attachment = random(15 * 1024 * 1024, 4);
        String json = withAttachments(Base64.getEncoder().encodeToString(attachment));
        byte[] body = json.getBytes(StandardCharsets.US_ASCII);
        Set<Path> before = spooled();

        long allocated = allocatedByThisThread();
        byte[] message = submissions.build(ALICE, body.length, new ByteArrayInputStream(body), null);
        allocated = allocatedByThisThread() - allocated;

        assertThat(message.length).isGreaterThan(20_000_000);
        // The base64 as a string, its decoded bytes and a second array of the message each took more than this
        // (it was five times the message).
        assertThat(allocated).as("bytes allocated to read and build").isLessThan(message.length + message.length / 5);
        Part part = (Part) parts(message).getBodyPart(1);
        assertThat(part.getFileName()).isEqualTo("parte0.bin");
        assertThat(part.getInputStream().readAllBytes()).isEqualTo(attachment);
        assertThat(spooled()).as("the attachment's file is gone once the message is built").isEqualTo(before);
    }

    @Test
    void smallAttachmentsAreDecodedInMemoryByteForByteWhateverTheirPadding() throws Exception {
        byte[] first = random(10 * 1024, 1);
        byte[] second = random(1000, 2);
        String unpadded = Base64.getEncoder().withoutPadding().encodeToString(second);
        assertThat(unpadded).doesNotEndWith("=");

        MimeMultipart parts = parts(build(withAttachments(Base64.getEncoder().encodeToString(first), unpadded, "")));

        assertThat(parts.getBodyPart(1).getInputStream().readAllBytes()).isEqualTo(first);
        assertThat(parts.getBodyPart(2).getInputStream().readAllBytes()).isEqualTo(second);
        assertThat(parts.getBodyPart(3).getInputStream().readAllBytes()).isEmpty();
    }

    @Test
    void invalidBase64IsRefusedNamingTheAttachmentAndLeavesNoSpooledFile() throws Exception {
        Set<Path> before = spooled();
        String large = Base64.getEncoder().encodeToString(random(2 * 1024 * 1024, 3));

        assertThatThrownBy(() -> build(withAttachments(large, "!!!")))
                .isInstanceOfSatisfying(SubmissionRefused.class, refused -> {
                    assertThat(refused.httpStatus()).isEqualTo(400);
                    assertThat(refused.field()).isEqualTo("attachments[1].contentBase64");
                    assertThat(refused.getMessage()).contains("base64");
                });
        assertThat(spooled()).as("the first attachment's file is deleted too").isEqualTo(before);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413EvenWithoutALength() {
        String huge = "A".repeat(42 * 1024 * 1024);
        byte[] body = withAttachments(huge).getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> submissions.build(ALICE, -1, new ByteArrayInputStream(body), null))
                .isInstanceOfSatisfying(SubmissionRefused.class, refused ->
                        assertThat(refused.httpStatus()).isEqualTo(413));
    }

    @Test
    void theDigestCoversTheWholeBodyAsSent() throws Exception {
        byte[] body = (withAttachments("VmVyYmFsZQ==") + "\r\n  ").getBytes(StandardCharsets.US_ASCII);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");

        submissions.build(ALICE, body.length, new ByteArrayInputStream(body), digest);

        assertThat(HexFormat.of().formatHex(digest.digest()))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
    }

    @Test
    void aFileNameWithAControlCharacterIsRefusedNamingTheAttachment() {
        String json = "{\"to\":[\"bob@pec.alpha.example\"],\"attachments\":[{\"filename\":\"fattura\\u0000.pdf.exe\","
                + "\"contentBase64\":\"VmVyYmFsZQ==\"}]}";

        assertThatThrownBy(() -> build(json)).isInstanceOfSatisfying(SubmissionRefused.class, refused -> {
            assertThat(refused.httpStatus()).isEqualTo(400);
            assertThat(refused.field()).isEqualTo("attachments[0].filename");
        });
    }

    @Test
    void refusesReceiptTypeWithLineBreaks() {
        String json = "{\"to\":[\"bob@pec.alpha.example\"],\"receiptType\":\"breve\\r\\nX-Injected: yes\"}";

        assertThatThrownBy(() -> build(json)).isInstanceOfSatisfying(SubmissionRefused.class, refused -> {
            assertThat(refused.httpStatus()).isEqualTo(400);
            assertThat(refused.field()).isEqualTo("receiptType");
        });
    }

    @Test
    void aNullBodyOrANullInAListIsRefusedNamingTheField() {
        for (String[] c : new String[][] {{"null", "body"}, {"{\"to\":[null]}", "to[0]"},
                {"{\"to\":[\"bob@pec.alpha.example\"],\"bcc\":[null]}", "bcc[0]"},
                {"{\"to\":[\"bob@pec.alpha.example\"],\"attachments\":[null]}", "attachments[0]"}}) {
            assertThatThrownBy(() -> build(c[0])).as(c[0]).isInstanceOfSatisfying(SubmissionRefused.class,
                    refused -> {
                        assertThat(refused.httpStatus()).isEqualTo(400);
                        assertThat(refused.field()).isEqualTo(c[1]);
                    });
        }
    }

    @Test
    void longTextsSubjectAndFileNameAreWrittenInLinesOfAtMost998() throws Exception {
        String word = "x".repeat(1500);
        String json = "{\"to\":[\"bob@pec.alpha.example\"],\"subject\":\"" + word + "\",\"text\":\"" + word
                + "\",\"html\":\"" + word + "\",\"attachments\":[{\"filename\":\"" + word
                + ".txt\",\"contentBase64\":\"VmVyYmFsZQ==\"}]}";

        byte[] message = build(json);

        assertThat(new String(message, StandardCharsets.US_ASCII).split("\r\n"))
                .allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(998));
        MimeMessage parsed = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message));
        assertThat(parsed.getSubject()).isEqualTo(word);
        MimeMultipart mixed = (MimeMultipart) parsed.getContent();
        assertThat(mixed.getBodyPart(1).getFileName()).isEqualTo(word + ".txt");
    }
}
