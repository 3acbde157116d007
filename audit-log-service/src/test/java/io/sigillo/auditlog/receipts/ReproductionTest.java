package io.sigillo.auditlog.receipts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sigillo.auditlog.AuditLogTestSupport;
import io.sigillo.blob.BlobStore;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TestTime;
import io.sigillo.infra.TopicProbe;
import io.sigillo.pec.classify.Classification;
import io.sigillo.pec.classify.Outcome;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.event.ProviderMessageSigned;
import io.sigillo.pec.event.Topics;
import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.PecHeaders;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.message.DeliveryReceipt;
import io.sigillo.pec.message.MessageFacts;
import io.sigillo.pec.message.SignedMessage;
import io.sigillo.pec.testing.ExternalTool;
import io.sigillo.pec.testing.TestPki;
import io.sigillo.pec.testing.TestProviders;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeBodyPart;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** Compliance staff list a message's receipts and pull reproductions that carry the original's facts. */
class ReproductionTest extends AuditLogTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    BlobStore blobs;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    private final TopicProbe topics = new TopicProbe(SharedTestInfrastructure.kafka().bootstrapServers());

    private HttpResponse<byte[]> get(String path, String user, String password) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> asCompliance(String path) throws Exception {
        return get(path, "compliance", "compliance-secret");
    }

    /** A delivery receipt signed by {@code issuer}, announced as the services announce it. */
    private SignedMessage announce(MessageFacts facts, io.sigillo.pec.format.Provider issuer) {
        SignedMessage receipt = TestProviders.sign(new DeliveryReceipt(facts, issuer, TestTime.now(),
                "bob@pec.alpha.example", ReceiptType.COMPLETA, DemoMessages.original()));
        ProviderMessageSigned event = new ProviderMessageSigned(ProviderMessageSigned.SCHEMA_VERSION,
                UUID.randomUUID().toString(), facts.identifier(), receipt.type(), receipt.messageId(),
                blobs.put(receipt.bytes()), io.sigillo.pec.event.Routing.local(List.of(facts.sender())), TestTime.now(),
                issuer.domain(), List.of("bob@pec.alpha.example"), facts, null, null, null);
        topics.send("pec.alpha.example".equals(issuer.domain()) ? Topics.MESSAGE_SIGNED : Topics.RECEIPT_RECEIVED, facts.identifier().value(), json.writeValueAsBytes(event));
        return receipt;
    }

    private static MessageFacts facts() {
        return new MessageFacts(MessageIdentifier.random("pec.alpha.example"), "alice@pec.alpha.example",
                List.of(io.sigillo.pec.format.Recipient.certified("bob@pec.alpha.example")), List.of(), null,
                "Contratto", "<" + UUID.randomUUID() + "@client.example>");
    }

    private String listing(MessageFacts facts) throws Exception {
        return new String(asCompliance("/admin/v1/messages/" + facts.identifier().value() + "/receipts").body(),
                StandardCharsets.UTF_8);
    }

    @Test
    void aReproductionCarriesTheOriginalsDaticertFieldByFieldAndVerifiesWithOpenSsl() throws Exception {
        MessageFacts facts = facts();
        SignedMessage original = announce(facts, DemoMessages.ALPHA);
        await().atMost(Duration.ofSeconds(30)).until(() -> listing(facts).contains(original.messageId().value()));
        assertThat(listing(facts)).contains("\"issuedHere\":true").contains("\"type\":\"DELIVERY\"")
                .contains("/reproduction");

        HttpResponse<byte[]> response = asCompliance("/admin/v1/receipts/" + original.messageId().value()
                + "/reproduction");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("message/rfc822");
        assertThat(response.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"riproduzione-"
                + original.messageId().value().replaceAll("[^A-Za-z0-9.@-]", "_") + ".eml\"");
        Classification before = TestProviders.classifier().classify(original.bytes());
        Classification copy = TestProviders.classifier().classify(response.body());
        assertThat(copy.outcome()).as(copy.reason()).isEqualTo(Outcome.VALID);
        assertThat(copy.daticert()).isEqualTo(before.daticert());
        assertThat(copy.headers().raw(PecHeaders.X_RIPRODUZIONE)).isEqualTo(original.messageId().asHeader());
        Path file = Files.createTempFile("reproduction", ".eml");
        Files.write(file, response.body());
        ExternalTool.Result openssl = ExternalTool.run("openssl", "cms", "-verify", "-in", file.toString(),
                "-CAfile", TestPki.get().caPem().toString(), "-out", "/dev/null");
        assertThat(openssl.exitCode()).as(openssl.output()).isZero();
        // The reproduction and the call are in the message's own trace.
        String trace = new String(asCompliance("/admin/v1/messages/" + facts.identifier().value() + "/trace")
                .body(), StandardCharsets.UTF_8);
        assertThat(trace).contains("REPRODUCTION_ISSUED").contains("ADMIN_CALL").contains("admin:compliance");
    }

    @Test
    void aMessagesTraceAndReceiptsExportAsASignedBundleOpenSslVerifies() throws Exception {
        MessageFacts facts = facts();
        SignedMessage original = announce(facts, DemoMessages.ALPHA);
        await().atMost(Duration.ofSeconds(30)).until(() -> listing(facts).contains(original.messageId().value()));

        HttpResponse<byte[]> export = asCompliance("/admin/v1/messages/" + facts.identifier().value() + "/export");

        assertThat(export.statusCode()).isEqualTo(200);
        Path file = Files.createTempFile("export", ".eml");
        Files.write(file, export.body());
        Path content = Files.createTempFile("export", ".txt");
        ExternalTool.Result openssl = ExternalTool.run("openssl", "cms", "-verify", "-in", file.toString(),
                "-CAfile", TestPki.get().caPem().toString(), "-out", content.toString());
        assertThat(openssl.exitCode()).as(openssl.output()).isZero();
        MimeBodyPart signedContent = new MimeBodyPart(Files.newInputStream(content));
        BodyPart attachment = ((Multipart) signedContent.getContent()).getBodyPart(1);
        assertThat(attachment.getFileName()).isEqualTo("estratto.json");
        String bundle = new String(attachment.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bundle).contains(original.messageId().value()).contains("\"exportedBy\":\"compliance\"")
                .contains("\"messageId\":\"" + facts.identifier().value() + "\"");
    }

    @Test
    void aReceiptNeverIssuedIsA404() throws Exception {
        HttpResponse<byte[]> response = asCompliance("/admin/v1/receipts/opec.r.never@pec.alpha.example/reproduction");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("issued no receipt");
    }

    @Test
    void anotherProvidersReceiptIsNotOursToReproduce() throws Exception {
        MessageFacts facts = facts();
        SignedMessage received = announce(facts, DemoMessages.BETA);
        await().atMost(Duration.ofSeconds(30)).until(() -> listing(facts).contains(received.messageId().value()));

        HttpResponse<byte[]> response = asCompliance("/admin/v1/receipts/" + received.messageId().value()
                + "/reproduction");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("pec.beta.example");
    }

    @Test
    void anOperatorMayVerifyTheLogButNotReadReceipts() throws Exception {
        assertThat(get("/admin/v1/receipts/opec.r.any@pec.alpha.example/reproduction", "operator", "operator-secret")
                .statusCode()).isEqualTo(403);
        assertThat(get("/admin/v1/messages/opec.any@pec.alpha.example/trace", "operator", "operator-secret")
                .statusCode()).isEqualTo(403);
        assertThat(get("/admin/v1/log/verify", "operator", "operator-secret").statusCode()).isEqualTo(200);
        assertThat(get("/admin/v1/log/verify", "compliance", "wrong").statusCode()).isEqualTo(401);
    }
}
