package io.sigillo.deliverypoint.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sigillo.blob.BlobStore;
import io.sigillo.deliverypoint.DeliveryPointTestSupport;
import io.sigillo.deliverypoint.mailbox.MailboxDelivery;
import io.sigillo.deliverypoint.mailbox.SignedListing;
import io.sigillo.infra.DovecotServer;
import io.sigillo.infra.TestTime;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.event.SubmissionAccepted;
import io.sigillo.pec.event.SubmissionChannel;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.message.AcceptanceReceipt;
import io.sigillo.pec.message.HeaderText;
import io.sigillo.pec.message.MessageFacts;
import io.sigillo.pec.message.OriginalMessage;
import io.sigillo.pec.testing.TestPki;
import io.sigillo.pec.testing.TestProviders;
import io.sigillo.support.smtp.SmtpTls;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * With Dovecot keeping the mailboxes, REST and IMAP are one store: what the delivery point delivers a mail client
 * sees, what a client reads or deletes REST shows read or gone, and the other way round.
 */
class DovecotMailboxApiTest extends DeliveryPointTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    MailboxDelivery delivery;

    @Autowired
    BlobStore blobs;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SentCopies sentCopies;

    private String alice;

    @DynamicPropertySource
    static void dovecotKeepsTheMailboxes(DynamicPropertyRegistry registry) {
        DovecotProperties dovecot = TestDovecot.properties();
        registry.add("sigillo.dovecot.host", dovecot::host);
        registry.add("sigillo.dovecot.imaps-port", dovecot::imapsPort);
        registry.add("sigillo.dovecot.master-user", dovecot::masterUser);
        registry.add("sigillo.dovecot.master-password", dovecot::masterPassword);
        registry.add("sigillo.dovecot.trust-ca-path", dovecot::trustCaPath);
        // This second context of the module must not take records from the first's consumer group.
        registry.add("spring.cloud.stream.bindings.deliver-in-0.consumer.auto-startup", () -> "false");
    }

    @BeforeEach
    void dovecotAndAlice() throws Exception {
        assumeTrue(DovecotServer.available(), "Dovecot is not installed (apt-get install " + DovecotServer.packages()
                + "; CI installs it)");
        TestDovecot.forDeliveryPointOn(port);
        alice = mailbox(1_048_576);
    }

    @Test
    void whatIsDeliveredIsListedOverRestAndSeenByAClientAndReadingEitherWayReadsBoth() throws Exception {
        byte[] first = receipt();
        byte[] second = receipt();
        assertThat(deliver(first)).isEqualTo(MailboxDelivery.Result.DELIVERED);
        assertThat(deliver(second)).isEqualTo(MailboxDelivery.Result.DELIVERED);

        JsonNode listed = list();
        assertThat(listed.get("total").asLong()).isEqualTo(2);
        assertThat(listed.get("messages").get(0).get("subject").asString()).isEqualTo(subjectOf(second));
        assertThat(listed.get("messages").get(0).get("seen").asBoolean()).isFalse();
        assertThat(clientSees("INBOX")).isEqualTo(2);
        // Dovecot counts the space they use, in whole kilobytes.
        long used = json.readTree(HTTP.send(request("GET", "/api/v1/mailbox").build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("usedBytes").asLong();
        assertThat(used).isBetween((long) first.length + second.length, first.length + second.length + 4096L);
        // Searched, Dovecot's listing narrows as the ledger's does: the first by its own subject.
        String firstSubject = subjectOf(first).substring(subjectOf(first).length() - 8).toUpperCase(Locale.ROOT);
        JsonNode found = json.readTree(HTTP.send(request("GET", "/api/v1/mailbox/messages?subject="
                + URLEncoder.encode(firstSubject, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(found.get("total").asLong()).isEqualTo(1);
        assertThat(found.get("messages").get(0).get("subject").asString()).isEqualTo(subjectOf(first));

        // alice's mail client reads the newest; REST shows it read.
        try (IMAPStore store = client()) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            inbox.getMessage(2).setFlag(Flags.Flag.SEEN, true);
            inbox.close(false);
        }
        assertThat(list().get("messages").get(0).get("seen").asBoolean()).isTrue();

        // Peeked at, the other keeps its read state; downloaded, it is the exact bytes, and the client sees it read.
        String id = list().get("messages").get(1).get("id").asString();
        HttpResponse<byte[]> peeked = HTTP.send(request("GET", "/api/v1/mailbox/messages/" + id + "/raw?peek=true")
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(peeked.body()).isEqualTo(first);
        try (IMAPStore store = client()) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessage(1).isSet(Flags.Flag.SEEN)).isFalse();
        }
        HttpResponse<byte[]> raw = HTTP.send(request("GET", "/api/v1/mailbox/messages/" + id + "/raw").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body()).isEqualTo(first);
        try (IMAPStore store = client()) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessage(1).isSet(Flags.Flag.SEEN)).isTrue();
        }
    }

    @Test
    void whatAClientFilesInAFolderStaysListedThereAndTheTrashIsNotListed() throws Exception {
        byte[] filed = receipt();
        byte[] trashed = receipt();
        deliver(filed);
        deliver(trashed);
        assertThat(list().get("messages").get(0).get("folder").asString()).isEqualTo("INBOX");

        // alice's client files the older one under Fatture and moves the newer one to the Trash.
        try (IMAPStore store = client()) {
            IMAPFolder invoices = (IMAPFolder) store.getFolder("Fatture");
            invoices.create(Folder.HOLDS_MESSAGES);
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message[] both = inbox.getMessages();
            inbox.moveMessages(new Message[] {both[0]}, invoices);
            inbox.moveMessages(new Message[] {both[1]}, store.getFolder("Trash"));
            inbox.close(false);
        }

        JsonNode listed = list();
        assertThat(listed.get("total").asLong()).isEqualTo(1);
        JsonNode entry = listed.get("messages").get(0);
        assertThat(entry.get("subject").asString()).isEqualTo(subjectOf(filed));
        assertThat(entry.get("folder").asString()).isEqualTo("Fatture");
        // Read and deleted over REST where it is now.
        HttpResponse<byte[]> raw = HTTP.send(request("GET", "/api/v1/mailbox/messages/" + entry.get("id").asString()
                + "/raw").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(raw.body()).isEqualTo(filed);
        assertThat(HTTP.send(request("DELETE", "/api/v1/mailbox/messages/" + entry.get("id").asString()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);
        assertThat(clientSees("Fatture")).isZero();
        assertThat(clientSees("Trash")).isEqualTo(1);
    }

    @Test
    void whatAClientDeletesIsGoneOverRestAndIsNotDeliveredAgainAndRestDeletesForTheClient() throws Exception {
        byte[] kept = receipt();
        byte[] expunged = receipt();
        deliver(kept);
        deliver(expunged);

        try (IMAPStore store = client()) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message newest = inbox.getMessage(2);
            newest.setFlag(Flags.Flag.DELETED, true);
            inbox.close(true);
        }
        assertThat(list().get("total").asLong()).isEqualTo(1);
        // The ledger remembers it: the same receipt sent again stays out.
        assertThat(deliver(expunged)).isEqualTo(MailboxDelivery.Result.ALREADY_DELIVERED);
        assertThat(clientSees("INBOX")).isEqualTo(1);

        String id = list().get("messages").get(0).get("id").asString();
        assertThat(HTTP.send(request("DELETE", "/api/v1/mailbox/messages/" + id).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);
        assertThat(clientSees("INBOX")).isZero();
        assertThat(list().get("total").asLong()).isZero();
        assertThat(deliver(kept)).isEqualTo(MailboxDelivery.Result.ALREADY_DELIVERED);
    }

    @Test
    void whatTheOwnerSubmittedIsKeptOnceInTheirSentFolderHoweverOftenItIsRedelivered() throws Exception {
        byte[] original = DemoMessages.original().bytes();
        MessageFacts facts = new MessageFacts(MessageIdentifier.random("pec.alpha.example"), alice,
                DemoMessages.facts().to(), List.of(), alice, "Inviato", OriginalMessage.of(original).messageId());
        SubmissionAccepted accepted = new SubmissionAccepted(SubmissionAccepted.SCHEMA_VERSION,
                UUID.randomUUID().toString(), facts, blobs.put(original), ReceiptType.COMPLETA, TestTime.now(),
                SubmissionChannel.REST);

        // Handled again after a crash: the second time may be a redelivery.
        sentCopies.keep(List.of(accepted), false);
        sentCopies.keep(List.of(accepted), true);

        assertThat(clientSees("Sent")).isEqualTo(1);
        try (IMAPStore store = client()) {
            IMAPFolder sent = (IMAPFolder) store.getFolder("Sent");
            sent.open(Folder.READ_ONLY);
            BODY body = (BODY) sent.doCommand(p -> p.peekBody(1, ""));
            assertThat(body.getByteArrayInputStream().readAllBytes()).isEqualTo(original);
        }
        // Not a delivery: REST lists the INBOX only.
        assertThat(list().get("total").asLong()).isZero();
    }

    @Test
    void aMailboxWithoutRoomRefusesAndKeepsNoTraceOfTheMessage() throws Exception {
        alice = mailbox(4096);

        assertThat(deliver(receipt())).isEqualTo(MailboxDelivery.Result.MAILBOX_FULL);
        assertThat(jdbc.sql("SELECT count(*) FROM mailbox_messages WHERE mailbox = ?").param(alice)
                .query(Long.class).single()).isZero();
        assertThat(clientSees("INBOX")).isZero();
    }

    @Test
    void aRoundStoresWhatHasRoomOnceEachAndReportsTheRestWithoutATraceOfIt() throws Exception {
        byte[] first = receipt();
        alice = mailbox(first.length * 5L / 2);
        String bob = mailbox(1_048_576);
        byte[] second = receipt();
        byte[] third = receipt();
        byte[] forBob = receipt();

        List<MailboxDelivery.Result> results = delivery.deliverAll(List.of(delivery(alice, first),
                delivery(alice, second), delivery("ghost@pec.alpha.example", forBob), delivery(bob, forBob),
                delivery(alice, first), delivery(alice, third)), false);

        assertThat(results).containsExactly(MailboxDelivery.Result.DELIVERED, MailboxDelivery.Result.DELIVERED,
                MailboxDelivery.Result.UNKNOWN_MAILBOX, MailboxDelivery.Result.DELIVERED,
                MailboxDelivery.Result.ALREADY_DELIVERED, MailboxDelivery.Result.MAILBOX_FULL);
        assertThat(clientSees("INBOX")).isEqualTo(2);
        assertThat(jdbc.sql("SELECT subject FROM mailbox_messages WHERE mailbox = ? ORDER BY subject").param(alice)
                .query(String.class).list()).containsExactlyInAnyOrder(subjectOf(first), subjectOf(second));
        // Handled again, as after a crash before the commit: what Dovecot holds is found, nothing is stored twice.
        jdbc.sql("DELETE FROM mailbox_messages WHERE mailbox = ?").param(alice).update();
        assertThat(delivery.deliverAll(List.of(delivery(alice, first), delivery(alice, second)), true))
                .containsOnly(MailboxDelivery.Result.DELIVERED);
        assertThat(clientSees("INBOX")).isEqualTo(2);
    }

    private MailboxDelivery.Delivery delivery(String address, byte[] raw) {
        return new MailboxDelivery.Delivery(address, blobs.put(raw), new SignedListing(
                HeaderText.neutralised(OriginalMessage.of(raw).messageId()), null, PecType.ACCEPTANCE,
                        List.of(), List.of(), null));
    }

    private MailboxDelivery.Result deliver(byte[] raw) {
        OriginalMessage message = OriginalMessage.of(raw);
        return delivery.deliver(alice, blobs.put(raw), raw,
                new SignedListing(HeaderText.neutralised(message.messageId()), null, PecType.ACCEPTANCE,
                        List.of(), List.of(), null));
    }

    private byte[] receipt() {
        MessageFacts base = DemoMessages.facts();
        MessageFacts facts = new MessageFacts(MessageIdentifier.random("pec.alpha.example"), alice, base.to(),
                base.cc(), alice, "Ricevuta " + UUID.randomUUID(), "<" + UUID.randomUUID() + "@client.example>");
        return TestProviders.sign(new AcceptanceReceipt(facts, DemoMessages.ALPHA, DemoMessages.ACCEPTED_AT)).bytes();
    }

    private static String subjectOf(byte[] raw) {
        return OriginalMessage.of(raw).header("Subject");
    }

    private JsonNode list() throws Exception {
        HttpResponse<String> listed = HTTP.send(request("GET", "/api/v1/mailbox/messages").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        return json.readTree(listed.body());
    }

    private int clientSees(String folder) throws Exception {
        try (IMAPStore store = client()) {
            Folder f = store.getFolder(folder);
            f.open(Folder.READ_ONLY);
            return f.getMessageCount();
        }
    }

    private IMAPStore client() throws Exception {
        Properties p = new Properties();
        p.put("mail.imaps.ssl.socketFactory", SmtpTls.clientSocketFactory(TestPki.get().caPem()));
        IMAPStore store = (IMAPStore) Session.getInstance(p).getStore("imaps");
        store.connect("localhost", TestDovecot.FIRST_PORT + 1, alice, "alice-secret");
        return store;
    }

    private HttpRequest.Builder request(String method, String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((alice + ":alice-secret")
                        .getBytes(StandardCharsets.UTF_8)))
                .method(method, HttpRequest.BodyPublishers.noBody());
    }

    private String mailbox(long quota) throws Exception {
        String address = "alice." + UUID.randomUUID().toString().substring(0, 8) + "@pec.alpha.example";
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/admin/v1/mailboxes"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((ADMIN + ":" + ADMIN_PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"address\":\"" + address
                        + "\",\"password\":\"alice-secret\",\"quotaBytes\":" + quota + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return address;
    }
}
