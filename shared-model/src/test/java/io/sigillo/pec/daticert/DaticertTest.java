package io.sigillo.pec.daticert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.sigillo.pec.format.PecError;
import io.sigillo.pec.format.PecTimestamp;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.format.Recipient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DaticertTest {

    private final DaticertWriter writer = new DaticertWriter();
    private final DaticertReader reader = new DaticertReader();
    private final DaticertSchema schema = new DaticertSchema();

    private static Daticert delivery(String subject, String sender) {
        return new Daticert(PecType.DELIVERY, PecError.NESSUNO, sender,
                List.of(Recipient.certified("bob@pec.beta.example"), Recipient.external("x@mail.example")),
                sender, subject, "Beta PEC <S.r.l.> & co", PecTimestamp.of(Instant.parse("2026-07-01T10:00:00Z")),
                "opec.abc@pec.alpha.example", "<id&1@client>", ReceiptType.BREVE, List.of(),
                "bob@pec.beta.example", null);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "plain", "<tag> & \"quotes\" 'apos'", "àèìòù €  ß 中文 \uD83D\uDCE7", "line one\nline two",
            "windows\r\nline", "lone\rcarriage", "tab\there", "]]> cdata end", "&amp; already escaped", "", " padded "})
    void subjectsAndAddressesReadBackIdentical(String subject) throws Exception {
        Daticert original = delivery(subject, "a&b<c>@pec.alpha.example");

        byte[] xml = writer.write(original);
        schema.validate(xml);

        assertThat(reader.read(xml)).isEqualTo(original);
    }

    /**
     * A provider signs daticerts without checking each against the schema (ADR 0033): whatever kind of message, error,
     * receipt and date, and whatever its texts hold, what the writer makes matches it.
     */
    @Test
    void everyKindOfDaticertTheWriterMakesMatchesTheSchemaWhateverItsTexts() throws Exception {
        String hostile = "<x a=\"1\">&amp;'\u0000\u0007\u001F\r\n\t\uD800 ]]> \uFFFE \uD83D\uDCE7 " + "s".repeat(4_000);
        List<Instant> instants = List.of(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-03-29T01:00:00Z"),
                Instant.parse("2026-10-25T00:59:59Z"), Instant.parse("2099-12-31T23:59:59.999Z"));
        List<ReceiptType> receipts = new ArrayList<>(List.of(ReceiptType.values()));
        receipts.add(null);
        int written = 0;
        for (PecType type : PecType.values()) {
            if (type.daticertType().isEmpty()) {
                continue;
            }
            for (PecError error : PecError.values()) {
                for (ReceiptType receipt : receipts) {
                    Daticert d = new Daticert(type, error, hostile,
                            List.of(Recipient.certified(hostile), Recipient.external(hostile)), hostile, hostile,
                            hostile, PecTimestamp.of(instants.get(written % instants.size())), hostile, hostile,
                            receipt, List.of(hostile, hostile), hostile, hostile);
                    schema.validate(writer.write(d));
                    written++;
                }
            }
        }
        // The eight tipi of the schema, each with every error and receipt kind.
        assertThat(written).isEqualTo(8 * PecError.values().length * receipts.size());
    }

    @Test
    void charactersXmlCannotCarryBecomeReplacementCharacters() throws Exception {
        byte[] xml = writer.write(delivery("bell\u0007 null\u0000 end", "a@pec.alpha.example"));

        schema.validate(xml);
        assertThat(reader.read(xml).subject()).isEqualTo("bell\uFFFD null\uFFFD end");
    }

    @Test
    void summerTimesCarryTheSummerOffset() throws Exception {
        Daticert d = reader.read(writer.write(delivery("x", "a@pec.alpha.example")));

        assertThat(d.date()).isEqualTo(new PecTimestamp("01/07/2026", "12:00:00", "+0200"));
        assertThat(d.date().toInstant()).isEqualTo(Instant.parse("2026-07-01T10:00:00Z"));
    }

    @Test
    void theSchemaRejectsADateWithoutZone() {
        String xml = new String(writer.write(delivery("x", "a@pec.alpha.example")), StandardCharsets.UTF_8)
                .replace(" zona=\"+0200\"", "");

        assertThatThrownBy(() -> schema.validate(xml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DaticertException.class).hasMessageContaining("zona");
    }

    @Test
    void theSchemaRejectsAnImpossibleDay() {
        String xml = new String(writer.write(delivery("x", "a@pec.alpha.example")), StandardCharsets.UTF_8)
                .replace("01/07/2026", "32/13/2026");

        assertThatThrownBy(() -> schema.validate(xml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DaticertException.class);
    }

    @Test
    void aValidatorReusedAfterARefusalAndASuccessStillJudgesEachDocumentAlone() throws Exception {
        byte[] valid = writer.write(delivery("x", "a@pec.alpha.example"));
        byte[] withoutZone = new String(valid, StandardCharsets.UTF_8).replace(" zona=\"+0200\"", "")
                .getBytes(StandardCharsets.UTF_8);
        Path dtd = Files.createTempFile("secret", ".dtd");
        Files.writeString(dtd, "<!ENTITY leak \"TOP-SECRET-CONTENT\">");
        byte[] external = ("<?xml version=\"1.0\"?><!DOCTYPE postacert SYSTEM \"" + dtd.toUri() + "\">"
                + new String(valid, StandardCharsets.UTF_8).replaceFirst("^<\\?xml[^>]*>", "")
                        .replace("<oggetto>x</oggetto>", "<oggetto>&leak;</oggetto>"))
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> schema.validate(withoutZone)).isInstanceOf(DaticertException.class);
        schema.validate(valid);
        assertThatThrownBy(() -> schema.validate(withoutZone)).isInstanceOf(DaticertException.class);
        schema.validate(valid);
        // The reused validator is still closed to external files.
        assertThatThrownBy(() -> schema.validate(external)).isInstanceOf(DaticertException.class)
                .hasMessageNotContaining("TOP-SECRET");
        schema.validate(valid);
    }

    @Test
    void externalEntitiesAreNeverResolved() throws Exception {
        Path secret = Files.createTempFile("secret", ".txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE postacert [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
                + "<postacert tipo=\"accettazione\"><intestazione><mittente>a@b.example</mittente>"
                + "<risposte>a@b.example</risposte><oggetto>&xxe;</oggetto></intestazione><dati>"
                + "<gestore-emittente>g</gestore-emittente><data zona=\"+0100\"><giorno>01/01/2026</giorno>"
                + "<ora>00:00:00</ora></data><identificativo>i@b.example</identificativo></dati></postacert>";

        try {
            Daticert d = reader.read(xxe.getBytes(StandardCharsets.UTF_8));
            assertThat(d.subject()).doesNotContain("TOP-SECRET");
        } catch (DaticertException refused) {
            assertThat(refused.getMessage()).doesNotContain("TOP-SECRET");
        }
    }

    @Test
    void entityExpansionBombsAreRefusedQuickly() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> reader.read(bomb())).isInstanceOf(DaticertException.class));
    }

    @Test
    void aFieldDaticertNamingTheRulesDtdIsReadWithoutFetchingIt() throws Exception {
        Daticert d = reader.read(fieldDaticert("Citt\u00e0"));

        assertThat(d.type()).isEqualTo(PecType.TAKE_IN_CHARGE);
        assertThat(d.subject()).isEqualTo("Città");
        assertThat(d.takenInCharge()).containsExactly("c@d.example");
    }

    @Test
    void aParserReusedAfterARefusalKeepsItsLimitsAndNothingOfTheDocumentBefore() throws Exception {
        // One thread, one reader: every document below goes through the same kept parser.
        DaticertReader alone = new DaticertReader();
        assertThat(alone.read(fieldDaticert("first")).subject()).isEqualTo("first");
        assertThatThrownBy(() -> alone.read(bomb())).isInstanceOf(DaticertException.class);
        assertThatThrownBy(() -> alone.read(bomb())).isInstanceOf(DaticertException.class);
        assertThatThrownBy(() -> alone.read("<postacert tipo=".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not well-formed");

        Daticert after = alone.read(fieldDaticert("second"));

        assertThat(after.subject()).isEqualTo("second");
        assertThat(after.takenInCharge()).containsExactly("c@d.example");
    }

    @Test
    void readersOnManyThreadsAtOnceEachGetTheirOwnDocument() throws Exception {
        DaticertReader shared = new DaticertReader();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> subjects = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String subject = "subject " + i;
                subjects.add(pool.submit(() -> shared.read(fieldDaticert(subject)).subject()));
            }
            for (int i = 0; i < subjects.size(); i++) {
                assertThat(subjects.get(i).get()).isEqualTo("subject " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** An entity-expansion bomb: a billion laughs, ten levels deep. */
    private static byte[] bomb() {
        StringBuilder bomb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE postacert [<!ENTITY a0 \"lol\">");
        for (int i = 1; i <= 10; i++) {
            bomb.append("<!ENTITY a").append(i).append(" \"");
            bomb.append(("&a" + (i - 1) + ";").repeat(10)).append("\">");
        }
        bomb.append("]><postacert tipo=\"accettazione\"><intestazione><mittente>&a10;</mittente></intestazione>"
                + "</postacert>");
        return bomb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A take-in-charge daticert as a provider in the field writes one, naming the rules' DTD, in ISO-8859-1. */
    private static byte[] fieldDaticert(String subject) {
        String xml = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
                + "<!DOCTYPE postacert SYSTEM \"http://dtd.invalid/daticert.dtd\">\n"
                + "<postacert tipo=\"presa-in-carico\" errore=\"nessuno\"><intestazione>"
                + "<mittente>a@b.example</mittente><destinatari tipo=\"certificato\">c@d.example</destinatari>"
                + "<risposte>a@b.example</risposte><oggetto>" + subject + "</oggetto></intestazione><dati>"
                + "<gestore-emittente>G</gestore-emittente><data zona=\"+0100\"><giorno>01/01/2026</giorno>"
                + "<ora>00:00:00</ora></data><identificativo>i@b.example</identificativo>"
                + "<ricezione>c@d.example</ricezione></dati></postacert>";
        return xml.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void notWellFormedXmlIsRefusedWithAReason() {
        assertThatThrownBy(() -> reader.read("<postacert tipo=".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DaticertException.class).hasMessageContaining("not well-formed");
    }

    @Test
    void anUnknownTipoIsRefused() {
        assertThatThrownBy(() -> reader.read("<postacert tipo=\"bogus\"/>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DaticertException.class).hasMessageContaining("bogus");
    }
}
