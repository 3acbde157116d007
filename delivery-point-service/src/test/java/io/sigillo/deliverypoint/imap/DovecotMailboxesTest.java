package io.sigillo.deliverypoint.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sigillo.deliverypoint.DeliveryPointTestSupport;
import io.sigillo.infra.DovecotServer;
import io.sigillo.infra.TestTime;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.message.AcceptanceReceipt;
import io.sigillo.pec.message.MessageFacts;
import io.sigillo.pec.testing.ExternalTool;
import io.sigillo.pec.testing.TestPki;
import io.sigillo.pec.testing.TestProviders;
import io.sigillo.support.smtp.SmtpTls;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The delivery point appends to Dovecot's mailboxes as its master user: byte for byte, so that what a mail client
 * fetches verifies with openssl; once per message; never beyond the mailbox's quota.
 */
class DovecotMailboxesTest extends DeliveryPointTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    private DovecotMailboxes mailboxes;
    private DovecotServer dovecot;
    private String alice;

    @BeforeEach
    void dovecotAndAlice() throws Exception {
        assumeTrue(DovecotServer.available(), "Dovecot is not installed (apt-get install " + DovecotServer.packages()
                + "; CI installs it)");
        dovecot = TestDovecot.forDeliveryPointOn(port);
        mailboxes = new DovecotMailboxes(TestDovecot.properties(), TestTime.clock());
        alice = mailbox(1_048_576);
    }

    @Test
    void aSignedReceiptIsStoredByteForByteAndWhatAClientFetchesVerifies() throws Exception {
        byte[] receipt = receipt();

        DovecotMailboxes.Appended appended = mailboxes.append(alice, "INBOX", receipt);

        assertThat(appended).isInstanceOfSatisfying(DovecotMailboxes.Stored.class, s -> {
            assertThat(s.uid()).isPositive();
            assertThat(s.already()).isFalse();
        });
        long uid = ((DovecotMailboxes.Stored) appended).uid();
        assertThat(mailboxes.fetch(alice, "INBOX", uid)).hasValue(receipt);
        byte[] fetched = fetchAsOwner(uid);
        assertThat(fetched).isEqualTo(receipt);
        Path file = Files.createTempFile("dovecot", ".eml");
        Files.write(file, fetched);
        ExternalTool.Result openssl = ExternalTool.run("openssl", "cms", "-verify", "-in", file.toString(),
                "-CAfile", TestPki.get().caPem().toString(), "-out", "/dev/null");
        assertThat(openssl.exitCode()).as(openssl.output()).isZero();
    }

    @Test
    void theSameMessageAppendedAgainIsKeptOnceAndTheSentFolderTakesItsOwn() throws Exception {
        byte[] receipt = receipt();
        DovecotMailboxes.Stored first = (DovecotMailboxes.Stored) mailboxes.append(alice, "INBOX", receipt);

        DovecotMailboxes.Stored again = (DovecotMailboxes.Stored) mailboxes.append(alice, "INBOX", receipt);
        DovecotMailboxes.Stored sent = (DovecotMailboxes.Stored) mailboxes.append(alice, "Sent", receipt);

        assertThat(again.already()).isTrue();
        assertThat(again.uid()).isEqualTo(first.uid());
        assertThat(sent.already()).isFalse();
        assertThat(count("INBOX")).isEqualTo(1);
        assertThat(count("Sent")).isEqualTo(1);
        // The three went over one session, kept for the next use.
        assertThat(mailboxes.sessionCounts()).containsExactly(1, 1);
    }

    @Test
    void aFirstDeliveryIsOneAppendByteForByteAndItsRepeatFindsIt() throws Exception {
        byte[] receipt = receipt();

        DovecotMailboxes.Stored first = (DovecotMailboxes.Stored) mailboxes.appendNew(alice, "INBOX", receipt);
        // Handled again (after a crash between the APPEND and the ledger's commit): the copy is found.
        DovecotMailboxes.Stored repeated = (DovecotMailboxes.Stored) mailboxes.append(alice, "INBOX", receipt);

        assertThat(first.already()).isFalse();
        assertThat(mailboxes.fetch(alice, "INBOX", first.uid())).hasValue(receipt);
        assertThat(repeated.already()).isTrue();
        assertThat(repeated.uid()).isEqualTo(first.uid());
        assertThat(count("INBOX")).isEqualTo(1);
    }

    @Test
    void aSessionDovecotClosedIsReplacedAndTheMessageStillArrives() throws Exception {
        mailboxes.append(alice, "INBOX", receipt());
        kickAlice();

        mailboxes.append(alice, "INBOX", receipt());

        assertThat(count("INBOX")).isEqualTo(2);
        assertThat(mailboxes.sessionCounts()[1]).isEqualTo(2);
    }

    @Test
    void aFirstDeliveryOnASessionDovecotClosedIsRepeatedOnANewOneAndStoredOnce() throws Exception {
        byte[] first = receipt();
        byte[] second = receipt();
        mailboxes.appendNew(alice, "INBOX", first);
        kickAlice();

        DovecotMailboxes.Stored stored = (DovecotMailboxes.Stored) mailboxes.appendNew(alice, "INBOX", second);

        assertThat(stored.already()).isFalse();
        assertThat(mailboxes.fetch(alice, "INBOX", stored.uid())).hasValue(second);
        assertThat(count("INBOX")).isEqualTo(2);
        // The kept session failed; the repeat went over a second one, which is kept in its place.
        assertThat(mailboxes.sessionCounts()).containsExactly(1, 2);
    }

    @Test
    void severalFirstDeliveriesAreOneAppendEachStoredByteForByteUnderTheUidItWasGiven() throws Exception {
        List<byte[]> receipts = List.of(receipt(), receipt(), receipt());

        List<DovecotMailboxes.Appended> appended = mailboxes.appendAllNew(alice, "INBOX", receipts);

        assertThat(appended).hasSize(3).allSatisfy(a -> assertThat(a).isInstanceOfSatisfying(
                DovecotMailboxes.Stored.class, s -> assertThat(s.already()).isFalse()));
        for (int i = 0; i < receipts.size(); i++) {
            assertThat(mailboxes.fetch(alice, "INBOX", ((DovecotMailboxes.Stored) appended.get(i)).uid()))
                    .hasValue(receipts.get(i));
        }
        assertThat(count("INBOX")).isEqualTo(3);
    }

    @Test
    void whenTheQuotaHasRoomForSomeOfSeveralThoseWithRoomAreStoredAndTheRestRefusedAsFull() throws Exception {
        byte[] first = receipt();
        alice = mailbox(first.length + first.length / 2);

        List<DovecotMailboxes.Appended> appended = mailboxes.appendAllNew(alice, "INBOX",
                List.of(first, receipt(), receipt()));

        assertThat(appended.get(0)).isInstanceOf(DovecotMailboxes.Stored.class);
        assertThat(appended.subList(1, 3)).allSatisfy(a -> assertThat(a).isInstanceOf(DovecotMailboxes.Full.class));
        assertThat(mailboxes.fetch(alice, "INBOX", ((DovecotMailboxes.Stored) appended.get(0)).uid()))
                .hasValue(first);
        assertThat(count("INBOX")).isEqualTo(1);
    }

    @Test
    void severalFirstDeliveriesOnASessionDovecotClosedAreRepeatedOnANewOneAndStoredOnceEach() throws Exception {
        mailboxes.appendNew(alice, "INBOX", receipt());
        kickAlice();
        List<byte[]> receipts = List.of(receipt(), receipt());

        List<DovecotMailboxes.Appended> appended = mailboxes.appendAllNew(alice, "INBOX", receipts);

        assertThat(appended).allSatisfy(a -> assertThat(a).isInstanceOf(DovecotMailboxes.Stored.class));
        assertThat(mailboxes.fetch(alice, "INBOX", ((DovecotMailboxes.Stored) appended.get(1)).uid()))
                .hasValue(receipts.get(1));
        assertThat(count("INBOX")).isEqualTo(3);
        assertThat(mailboxes.sessionCounts()).containsExactly(1, 2);
    }

    @Test
    void aUidSetIsReadInItsOrder() {
        assertThat(DovecotMailboxes.uidSet("7:9,12")).containsExactly(7L, 8L, 9L, 12L);
        assertThat(DovecotMailboxes.uidSet("5")).containsExactly(5L);
    }

    @Test
    void aMessageWithBareLineEndsReachesItsReaderWithCrlfAndNothingElseChanged() throws Exception {
        String text = "From: " + alice + "\nSubject: bare\nMessage-ID: <" + UUID.randomUUID()
                + "@client.example>\n\nline one\nline two\n";

        DovecotMailboxes.Stored stored = (DovecotMailboxes.Stored) mailboxes.appendNew(alice, "INBOX",
                text.getBytes(StandardCharsets.US_ASCII));

        assertThat(mailboxes.fetch(alice, "INBOX", stored.uid())).hasValueSatisfying(fetched ->
                assertThat(new String(fetched, StandardCharsets.US_ASCII)).isEqualTo(text.replace("\n", "\r\n")));
    }

    /** Dovecot drops every session of alice's, as a restart or an idle timeout would. */
    private void kickAlice() throws Exception {
        Process kick = new ProcessBuilder("doveadm", "-c", dovecot.settings().home().resolve("dovecot.conf")
                .toString(), "kick", alice).redirectErrorStream(true).start();
        assertThat(kick.waitFor()).as(new String(kick.getInputStream().readAllBytes())).isZero();
    }

    @AfterEach
    void sessionsClosed() {
        mailboxes.close();
    }

    @Test
    void aMessageBeyondTheQuotaIsRefusedAsFull() throws Exception {
        alice = mailbox(4096);

        assertThat(mailboxes.append(alice, "INBOX", receipt())).isInstanceOf(DovecotMailboxes.Full.class);
        assertThat(mailboxes.appendNew(alice, "INBOX", receipt())).isInstanceOf(DovecotMailboxes.Full.class);
        assertThat(count("INBOX")).isZero();
    }

    private byte[] receipt() {
        MessageFacts base = DemoMessages.facts();
        MessageFacts facts = new MessageFacts(MessageIdentifier.random("pec.alpha.example"), alice, base.to(),
                base.cc(), alice, "Ricevuta " + UUID.randomUUID(), "<" + UUID.randomUUID() + "@client.example>");
        return TestProviders.sign(new AcceptanceReceipt(facts, DemoMessages.ALPHA, DemoMessages.ACCEPTED_AT)).bytes();
    }

    /** A new mailbox with {@code quota} bytes, made through the admin API. */
    private String mailbox(long quota) throws Exception {
        String address = "alice." + UUID.randomUUID().toString().substring(0, 8) + "@pec.alpha.example";
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/admin/v1/mailboxes"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((ADMIN + ":" + ADMIN_PASSWORD)
                        .getBytes()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"address\":\"" + address
                        + "\",\"password\":\"alice-secret\",\"quotaBytes\":" + quota + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return address;
    }

    /** The message as alice's own client fetches it: BODY[] over IMAPS, logged in with her password. */
    private byte[] fetchAsOwner(long uid) throws Exception {
        try (IMAPStore store = ownerStore()) {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            int number = inbox.getMessageByUID(uid).getMessageNumber();
            BODY body = (BODY) inbox.doCommand(p -> p.fetchBody(number, ""));
            return body.getByteArrayInputStream().readAllBytes();
        }
    }

    private int count(String folder) throws Exception {
        try (IMAPStore store = ownerStore()) {
            Folder f = store.getFolder(folder);
            f.open(Folder.READ_ONLY);
            return f.getMessageCount();
        }
    }

    private IMAPStore ownerStore() throws Exception {
        Properties p = new Properties();
        p.put("mail.imaps.ssl.socketFactory", SmtpTls.clientSocketFactory(TestPki.get().caPem()));
        IMAPStore store = (IMAPStore) Session.getInstance(p).getStore("imaps");
        store.connect("localhost", dovecot.settings().imapsPort(), alice, "alice-secret");
        return store;
    }
}
