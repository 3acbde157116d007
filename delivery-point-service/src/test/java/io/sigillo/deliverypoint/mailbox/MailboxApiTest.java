package io.sigillo.deliverypoint.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillo.blob.BlobStore;
import io.sigillo.deliverypoint.DeliveryPointTestSupport;
import io.sigillo.infra.MovableClock;
import io.sigillo.infra.TestTime;
import io.sigillo.pec.classify.Outcome;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.event.BlobRef;
import io.sigillo.pec.format.PecHeaders;
import io.sigillo.pec.format.PecTimestamp;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.message.AcceptanceReceipt;
import io.sigillo.pec.message.HeaderText;
import io.sigillo.pec.message.MessageFacts;
import io.sigillo.pec.message.OriginalMessage;
import io.sigillo.pec.message.TransportEnvelope;
import io.sigillo.pec.testing.TestProviders;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

class MailboxApiTest extends DeliveryPointTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    MailboxDelivery delivery;

    @Autowired
    BlobStore blobs;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MailboxRepository mailboxes;

    @Autowired
    MovableClock clock;

    private String alice;
    private String bob;

    @BeforeEach
    void createMailboxes() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        alice = "alice." + run + "@pec.alpha.example";
        bob = "bob." + run + "@pec.alpha.example";
        assertThat(createMailbox(alice, "alice-secret", null).statusCode()).isEqualTo(201);
        assertThat(createMailbox(bob, "bob-secret-1", null).statusCode()).isEqualTo(201);
    }

    private HttpResponse<String> createMailbox(String address, String password, Long quota) throws Exception {
        String body = "{\"address\":\"" + address + "\",\"password\":\"" + password + "\""
                + (quota == null ? "" : ",\"quotaBytes\":" + quota) + "}";
        return send(HttpRequest.newBuilder(uri("/admin/v1/mailboxes")).header("Authorization", basic(ADMIN, ADMIN_PASSWORD))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> get(String path, String user, String password) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", basic(user, password)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Stores the bytes as the services do (blob store first), then delivers them, known by their own Message-ID and
     * type as the services would know them from what they signed or verified.
     */
    private MailboxDelivery.Result deliver(String address, byte[] raw) {
        OriginalMessage message = OriginalMessage.of(raw);
        PecType type = Optional.ofNullable(message.header(PecHeaders.X_RICEVUTA))
                .flatMap(v -> PecType.fromHeader(PecHeaders.X_RICEVUTA, v))
                .or(() -> Optional.ofNullable(message.header(PecHeaders.X_TRASPORTO))
                        .flatMap(v -> PecType.fromHeader(PecHeaders.X_TRASPORTO, v)))
                .orElse(PecType.ANOMALY_ENVELOPE);
        return delivery.deliver(address, blobs.put(raw), raw,
                new SignedListing(HeaderText.neutralised(message.messageId()), null, type, List.of(),
                        List.of(), null));
    }

    private byte[] receiptFor(String sender, String subject) {
        MessageFacts base = DemoMessages.facts();
        MessageFacts facts = new MessageFacts(io.sigillo.pec.format.MessageIdentifier.random("pec.alpha.example"),
                sender, base.to(), base.cc(), sender, subject, "<" + UUID.randomUUID() + "@client.example>");
        return TestProviders.sign(new AcceptanceReceipt(facts, DemoMessages.ALPHA, DemoMessages.ACCEPTED_AT)).bytes();
    }

    private static String firstId(String listing) {
        Matcher m = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(listing);
        assertThat(m.find()).as(listing).isTrue();
        return m.group(1);
    }

    @Test
    void theOwnerListsADeliveredReceiptAndDownloadsItsExactSignedBytes() throws Exception {
        byte[] receipt = receiptFor(alice, "Contratto <firmato> & àccettato");
        assertThat(deliver(alice, receipt)).isEqualTo(MailboxDelivery.Result.DELIVERED);

        HttpResponse<String> listing = get("/api/v1/mailbox/messages", alice, "alice-secret");
        assertThat(listing.statusCode()).isEqualTo(200);
        assertThat(listing.body()).contains("\"pecType\":\"accettazione\"")
                .contains("\"subject\":\"ACCETTAZIONE: Contratto <firmato> & àccettato\"")
                .contains("\"from\":\"posta-certificata@pec.alpha.example\"")
                .contains("\"riferimentoMessageId\":\"<").contains("\"total\":1");

        String id = firstId(listing.body());
        HttpResponse<byte[]> raw = HTTP.send(HttpRequest.newBuilder(uri("/api/v1/mailbox/messages/" + id + "/raw"))
                .header("Authorization", basic(alice, "alice-secret")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.headers().firstValue("Content-Type")).hasValue("message/rfc822");
        assertThat(raw.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"" + id + ".eml\"");
        assertThat(raw.body()).isEqualTo(receipt);
        assertThat(TestProviders.classifier().classify(raw.body()).outcome()).isEqualTo(Outcome.VALID);
    }

    /** A transport envelope from bob to {@code recipient} carrying a 3 MiB attachment: stored as chunks. */
    private byte[] largeEnvelopeFor(String recipient) {
        MessageFacts facts = new MessageFacts(io.sigillo.pec.format.MessageIdentifier.random("pec.alpha.example"),
                bob, List.of(Recipient.certified(recipient)), List.of(), bob, "Allegato grande",
                "<" + UUID.randomUUID() + "@client.example>");
        byte[] attachment = new byte[3 * 1024 * 1024];
        new Random(5).nextBytes(attachment);
        byte[] original = ("From: " + bob + "\r\nTo: " + recipient + "\r\nSubject: Allegato grande\r\nMessage-ID: "
                + facts.originalMessageId() + "\r\nMIME-Version: 1.0\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(attachment)
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
        return TestProviders.sign(new TransportEnvelope(facts, DemoMessages.ALPHA, DemoMessages.ACCEPTED_AT,
                OriginalMessage.of(original))).bytes();
    }

    private HttpResponse<byte[]> download(String id, String user, String password) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri("/api/v1/mailbox/messages/" + id + "/raw"))
                .header("Authorization", basic(user, password)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aLargeEnvelopeIsStreamedWholeWithItsLength() throws Exception {
        byte[] envelope = largeEnvelopeFor(alice);
        assertThat(deliver(alice, envelope)).isEqualTo(MailboxDelivery.Result.DELIVERED);

        HttpResponse<byte[]> raw = download(firstId(get("/api/v1/mailbox/messages", alice, "alice-secret").body()),
                alice, "alice-secret");

        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.headers().firstValueAsLong("Content-Length")).hasValue(envelope.length);
        assertThat(raw.body()).isEqualTo(envelope);
        assertThat(TestProviders.classifier().classify(raw.body()).outcome()).isEqualTo(Outcome.VALID);
    }

    @Test
    void aLargeEnvelopeAlteredInTheStoreIsNeverDownloadedWhole() throws Exception {
        byte[] envelope = largeEnvelopeFor(alice);
        BlobRef stored = blobs.put(envelope);
        assertThat(deliver(alice, envelope)).isEqualTo(MailboxDelivery.Result.DELIVERED);
        // One bit of the last chunk flipped: same length, other digest.
        assertThat(jdbc.sql("UPDATE blobstore.blob_chunks k"
                + " SET content = set_byte(k.content, 0, get_byte(k.content, 0) # 1) FROM blobstore.blobs b WHERE b.chunks = k.upload AND b.sha256 = ?"
                + " AND k.seq = (SELECT max(seq) FROM blobstore.blob_chunks WHERE upload = k.upload)")
                .param(stored.sha256()).update()).isEqualTo(1);
        String id = firstId(get("/api/v1/mailbox/messages", alice, "alice-secret").body());

        assertThatThrownBy(() -> download(id, alice, "alice-secret")).as("cut short of its Content-Length")
                .isInstanceOf(IOException.class);
    }

    private long total(String query) throws Exception {
        HttpResponse<String> listing = get("/api/v1/mailbox/messages?" + query, alice, "alice-secret");
        assertThat(listing.statusCode()).as(query).isEqualTo(200);
        Matcher total = Pattern.compile("\"total\":(\\d+)").matcher(listing.body());
        assertThat(total.find()).isTrue();
        return Long.parseLong(total.group(1));
    }

    @Test
    void theOwnerSearchesByPartOfTheSubjectOrSenderInAnyCaseByTypeAndByDay() throws Exception {
        java.time.LocalDate today = java.time.LocalDate.ofInstant(clock.instant(), PecTimestamp.ROME);
        deliver(alice, receiptFor(alice, "Fattura 100% saldata"));
        deliver(alice, receiptFor(alice, "Contratto d_affitto"));
        deliver(alice, largeEnvelopeFor(alice));

        assertThat(total("")).isEqualTo(3);
        assertThat(total("subject=FATTURA")).isEqualTo(1);
        // The owner's own wildcards are taken literally: % and _ match only themselves.
        assertThat(total("subject=%25")).isEqualTo(1);
        assertThat(total("subject=d_a")).isEqualTo(1);
        assertThat(total("subject=_")).isEqualTo(1);
        assertThat(total("type=posta-certificata")).isEqualTo(1);
        assertThat(total("type=accettazione&subject=contratto")).isEqualTo(1);
        assertThat(total("from=POSTA-CERTIFICATA@pec.alpha")).isEqualTo(3);
        assertThat(total("from=nessuno")).isZero();
        assertThat(total("since=" + today + "&until=" + today)).isEqualTo(3);
        assertThat(total("since=" + today.plusDays(1))).isZero();
        assertThat(total("until=" + today.minusDays(1))).isZero();
        assertThat(get("/api/v1/mailbox/messages?since=ieri", alice, "alice-secret").statusCode()).isEqualTo(400);
    }

    @Test
    void aDayBefore1970OrAfter9999IsRefusedWithAProblemNotAnError() throws Exception {
        for (String query : List.of("until=%2B999999999-12-31", "since=%2B10000-01-01", "until=1969-12-31")) {
            HttpResponse<String> refused = get("/api/v1/mailbox/messages?" + query, alice, "alice-secret");

            assertThat(refused.statusCode()).as(query).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.body()).contains(query.substring(0, query.indexOf('=')) + ": ",
                    "is not a day from 1970-01-01 to 9999-12-31");
        }
        assertThat(total("since=1970-01-01&until=9999-12-31")).isZero();
    }

    @Test
    void theOwnerSeesTheQuotaAndHowMuchOfItTheMessagesUse() throws Exception {
        byte[] receipt = receiptFor(alice, "spazio");
        deliver(alice, receipt);

        HttpResponse<String> summary = get("/api/v1/mailbox", alice, "alice-secret");

        assertThat(summary.statusCode()).isEqualTo(200);
        assertThat(summary.body()).contains("\"address\":\"" + alice + "\"", "\"usedBytes\":" + receipt.length,
                "\"twoFactor\":false").containsPattern("\"quotaBytes\":[1-9]");
        assertThat(get("/api/v1/mailbox", bob, "bob-secret-1").body()).contains("\"usedBytes\":0");
    }

    @Test
    void aUserNeverSeesAnotherUsersMessage() throws Exception {
        deliver(alice, receiptFor(alice, "privato"));
        String id = firstId(get("/api/v1/mailbox/messages", alice, "alice-secret").body());

        HttpResponse<String> stolen = get("/api/v1/mailbox/messages/" + id + "/raw", bob, "bob-secret-1");

        assertThat(stolen.statusCode()).isEqualTo(404);
        assertThat(stolen.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(get("/api/v1/mailbox/messages", bob, "bob-secret-1").body()).contains("\"total\":0");
    }

    @Test
    void theOwnerDeletesAMessageOnlyFromTheirOwnMailboxAndGetsTheSpaceBack() throws Exception {
        byte[] receipt = receiptFor(alice, "da cancellare");
        deliver(alice, receipt);
        String id = firstId(get("/api/v1/mailbox/messages", alice, "alice-secret").body());
        long usedBefore = mailboxes.find(alice).orElseThrow().usedBytes();

        HttpResponse<String> byBob = send(HttpRequest.newBuilder(uri("/api/v1/mailbox/messages/" + id))
                .header("Authorization", basic(bob, "bob-secret-1")).DELETE());
        HttpResponse<String> byAlice = send(HttpRequest.newBuilder(uri("/api/v1/mailbox/messages/" + id))
                .header("Authorization", basic(alice, "alice-secret")).DELETE());

        assertThat(byBob.statusCode()).isEqualTo(404);
        assertThat(byAlice.statusCode()).isEqualTo(204);
        assertThat(get("/api/v1/mailbox/messages", alice, "alice-secret").body()).contains("\"total\":0");
        assertThat(mailboxes.find(alice).orElseThrow().usedBytes()).isEqualTo(usedBefore - receipt.length);
        assertThat(get("/api/v1/mailbox/messages/" + id + "/raw", alice, "alice-secret").statusCode())
                .isEqualTo(404);
    }

    @Test
    void badCredentialsGetTheSame401WhicheverPartWasWrong() throws Exception {
        HttpResponse<String> wrongPassword = get("/api/v1/mailbox/messages", alice, "nope-nope");
        HttpResponse<String> unknownUser = get("/api/v1/mailbox/messages", "ghost@pec.alpha.example", "nope-nope");

        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(unknownUser.statusCode()).isEqualTo(401);
        assertThat(wrongPassword.body()).isEqualTo(unknownUser.body()).contains("\"status\":401");
        assertThat(wrongPassword.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("application/problem+json");
    }

    @Test
    void mailboxCredentialsCannotUseTheAdminApiNorAdminTheMailboxApi() throws Exception {
        HttpResponse<String> asUser = send(HttpRequest.newBuilder(uri("/admin/v1/mailboxes"))
                .header("Authorization", basic(alice, "alice-secret")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"address\":\"x@pec.alpha.example\",\"password\":\"12345678\"}")));

        assertThat(asUser.statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/mailbox/messages", ADMIN, ADMIN_PASSWORD).statusCode()).isEqualTo(403);
    }

    @Test
    void theAdminApiRefusesDuplicatesAndForeignDomainsWithProblemDetails() throws Exception {
        HttpResponse<String> duplicate = createMailbox(alice.toUpperCase(), "another-secret", null);
        HttpResponse<String> foreign = createMailbox("eve@pec.beta.example", "another-secret", null);
        HttpResponse<String> shortPassword = createMailbox("carl@pec.alpha.example", "short", null);

        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(foreign.body()).contains("\"field\":\"address\"").contains("pec.alpha.example");
        assertThat(shortPassword.statusCode()).isEqualTo(400);
        assertThat(foreign.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void aMailboxIsDatedByTheServicesClockNotTheDatabases() throws Exception {
        Instant created = TestTime.monthsAgo(4).truncatedTo(ChronoUnit.MICROS);
        String carl = "carl." + UUID.randomUUID().toString().substring(0, 8) + "@pec.alpha.example";
        clock.set(created);
        try {
            assertThat(createMailbox(carl, "carl-secret", null).statusCode()).isEqualTo(201);
        } finally {
            clock.reset();
        }

        assertThat(mailboxes.find(carl).orElseThrow().createdAt()).isEqualTo(created);
    }

    @Test
    void aCreatedMailboxIsAnnouncedWithItsHashNeverItsPassword() {
        var announced = new io.sigillo.infra.TopicProbe(io.sigillo.infra.SharedTestInfrastructure.kafka()
                .bootstrapServers()).await(io.sigillo.pec.event.Topics.MAILBOX_REGISTERED,
                r -> alice.equals(r.key()), 1, java.time.Duration.ofSeconds(30));

        assertThat(announced).hasSize(1);
        String event = new String(announced.get(0).value(), StandardCharsets.UTF_8);
        assertThat(event).contains("\"address\":\"" + alice + "\"").contains("{bcrypt}$2")
                .doesNotContain("alice-secret");
    }

    @Test
    void passwordsAreStoredAsBcryptHashes() {
        String hash = jdbc.sql("SELECT password_hash FROM mailboxes WHERE address = ?").param(alice)
                .query(String.class).single();

        assertThat(hash).startsWith("{bcrypt}$2").doesNotContain("alice-secret");
    }

    @Test
    void aRedeliveredMessageIsStoredOnce() {
        byte[] receipt = receiptFor(alice, "una volta");

        assertThat(deliver(alice, receipt)).isEqualTo(MailboxDelivery.Result.DELIVERED);
        assertThat(deliver(alice, receipt)).isEqualTo(MailboxDelivery.Result.ALREADY_DELIVERED);
        assertThat(jdbc.sql("SELECT count(*) FROM mailbox_messages WHERE mailbox = ?").param(alice)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void unknownMailboxesAndFullOnesAreReportedNotStored() throws Exception {
        String tiny = "tiny." + UUID.randomUUID().toString().substring(0, 8) + "@pec.alpha.example";
        createMailbox(tiny, "tiny-secret", 100L);

        assertThat(deliver("nobody@pec.alpha.example", receiptFor(alice, "x")))
                .isEqualTo(MailboxDelivery.Result.UNKNOWN_MAILBOX);
        assertThat(deliver(tiny, receiptFor(tiny, "troppo grande")))
                .isEqualTo(MailboxDelivery.Result.MAILBOX_FULL);
        assertThat(jdbc.sql("SELECT count(*) FROM mailbox_messages WHERE mailbox = ?").param(tiny)
                .query(Long.class).single()).isZero();
    }

    @Test
    void deliveriesToOneMailboxAtOnceNeverExceedItsQuota() throws Exception {
        String small = "small." + UUID.randomUUID().toString().substring(0, 8) + "@pec.alpha.example";
        byte[] first = receiptFor(small, "prima");
        // Room for two such messages, not three.
        createMailbox(small, "small-secret", first.length * 2L + first.length / 2);
        List<byte[]> messages = List.of(first, receiptFor(small, "dopo"), receiptFor(small, "dopo"),
                receiptFor(small, "dopo"), receiptFor(small, "dopo"), receiptFor(small, "dopo"));

        ExecutorService threads = Executors.newFixedThreadPool(messages.size());
        List<MailboxDelivery.Result> results;
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<MailboxDelivery.Result>> running = new ArrayList<>();
            for (byte[] message : messages) {
                running.add(threads.submit(() -> {
                    start.await();
                    return deliver(small, message);
                }));
            }
            start.countDown();
            results = new ArrayList<>();
            for (Future<MailboxDelivery.Result> result : running) {
                results.add(result.get(30, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(results).filteredOn(r -> r == MailboxDelivery.Result.DELIVERED).hasSize(2);
        assertThat(results).filteredOn(r -> r == MailboxDelivery.Result.MAILBOX_FULL).hasSize(4);
        assertThat(jdbc.sql("SELECT count(*) FROM mailbox_messages WHERE mailbox = ?").param(small)
                .query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT used_bytes FROM mailboxes WHERE address = ?").param(small)
                .query(Long.class).single()).isLessThanOrEqualTo(first.length * 2L + first.length / 2);
    }

    @Test
    void theListingIsNewestFirstAndPaged() throws Exception {
        for (String subject : List.of("primo", "secondo", "terzo")) {
            deliver(alice, receiptFor(alice, subject));
        }

        String page0 = get("/api/v1/mailbox/messages?size=2", alice, "alice-secret").body();
        String page1 = get("/api/v1/mailbox/messages?size=2&page=1", alice, "alice-secret").body();

        assertThat(page0).contains("terzo").contains("secondo").doesNotContain("primo").contains("\"total\":3");
        assertThat(page1).contains("primo");
        assertThat(get("/api/v1/mailbox/messages?size=1000", alice, "alice-secret").statusCode()).isEqualTo(400);
    }

    @Test
    void aMessageWhoseHeadersHideControlCharactersIsStoredAndListedWithReplacementCharacters() throws Exception {
        // A NUL in an encoded word: PostgreSQL refuses it in text, and the message was lost to a dead letter.
        String eml = "From: =?UTF-8?Q?Mario=1B[31m?= <mario@mail.example>\r\nTo: " + alice
                + "\r\nSubject: =?UTF-8?Q?nul=00here?=\r\nMessage-ID: <nul\u0000id@mail.example>\r\n\r\nciao\r\n";
        byte[] raw = eml.getBytes(StandardCharsets.UTF_8);

        assertThat(deliver(alice, raw)).isEqualTo(MailboxDelivery.Result.DELIVERED);
        assertThat(deliver(alice, raw)).isEqualTo(MailboxDelivery.Result.ALREADY_DELIVERED);

        String listing = get("/api/v1/mailbox/messages", alice, "alice-secret").body();
        assertThat(listing).contains("nul\uFFFDhere").contains("\"from\":\"mario@mail.example\"");
        assertThat(download(firstId(listing), alice, "alice-secret").body()).as("the bytes stay as they arrived")
                .isEqualTo(raw);
    }
}
