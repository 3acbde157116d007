package io.sigillo.deliverypoint.clientsetup;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.deliverypoint.DeliveryPointTestSupport;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.w3c.dom.Document;

/**
 * Thunderbird, Outlook and Apple devices set a PEC account up from the address alone: each document names the mail
 * host and the TLS ports, is well-formed XML, and takes nothing a client sends as markup.
 */
class MailClientSetupTest extends DeliveryPointTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String OUTLOOK_REQUEST = """
            <?xml version="1.0" encoding="utf-8"?>
            <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">
              <Request>
                <EMailAddress>%s</EMailAddress>
                <AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>
              </Request>
            </Autodiscover>
            """;

    @LocalServerPort
    int port;

    @Test
    void thunderbirdFindsImapPop3AndSubmissionOverTlsWithoutLoggingIn() throws Exception {
        HttpResponse<String> config = get("/.well-known/autoconfig/mail/config-v1.1.xml?emailaddress="
                + "Alice@pec.alpha.example");

        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/xml"));
        Document document = parse(config.body());
        assertThat(text(document, "/clientConfig/emailProvider/domain")).isEqualTo("pec.alpha.example");
        assertThat(text(document, "/clientConfig/emailProvider/incomingServer[1]/@type")).isEqualTo("imap");
        assertThat(text(document, "/clientConfig/emailProvider/incomingServer[1]/hostname"))
                .isEqualTo("mail.pec.alpha.example");
        assertThat(text(document, "/clientConfig/emailProvider/incomingServer[1]/port")).isEqualTo("993");
        assertThat(text(document, "/clientConfig/emailProvider/incomingServer[1]/socketType")).isEqualTo("SSL");
        assertThat(text(document, "/clientConfig/emailProvider/incomingServer[2]/socketType")).isEqualTo("STARTTLS");
        assertThat(text(document, "/clientConfig/emailProvider/incomingServer[3]/@type")).isEqualTo("pop3");
        assertThat(text(document, "/clientConfig/emailProvider/outgoingServer[1]/port")).isEqualTo("465");
        assertThat(text(document, "/clientConfig/emailProvider/outgoingServer[2]/port")).isEqualTo("587");
        assertThat(text(document, "/clientConfig/emailProvider/outgoingServer[1]/username"))
                .isEqualTo("%EMAILADDRESS%");
        assertThat(text(document, "count(//*[socketType='plain'])")).isEqualTo("0");
        // The path Thunderbird asks at autoconfig.DOMAIN serves the same, and another domain's address is not ours.
        assertThat(get("/mail/config-v1.1.xml").body()).isEqualTo(config.body());
        assertThat(get("/mail/config-v1.1.xml?emailaddress=alice@gmail.example").statusCode()).isEqualTo(404);
    }

    @Test
    void outlookGetsImapAndSmtpForTheAddressItPosted() throws Exception {
        HttpResponse<String> answer = post("/autodiscover/autodiscover.xml",
                OUTLOOK_REQUEST.formatted("bob@pec.alpha.example"));

        assertThat(answer.statusCode()).isEqualTo(200);
        Document document = parse(answer.body());
        assertThat(text(document, "//*[local-name()='Protocol'][1]/*[local-name()='Type']")).isEqualTo("IMAP");
        assertThat(text(document, "//*[local-name()='Protocol'][1]/*[local-name()='Port']")).isEqualTo("993");
        assertThat(text(document, "//*[local-name()='Protocol'][1]/*[local-name()='LoginName']"))
                .isEqualTo("bob@pec.alpha.example");
        assertThat(text(document, "//*[local-name()='Protocol'][2]/*[local-name()='Type']")).isEqualTo("SMTP");
        assertThat(text(document, "//*[local-name()='Protocol'][2]/*[local-name()='Port']")).isEqualTo("465");
        assertThat(text(document, "//*[local-name()='Protocol'][2]/*[local-name()='SSL']")).isEqualTo("on");
    }

    @Test
    void hostileAutodiscoverRequestsGetAProblemAndNothingOfTheirs() throws Exception {
        // An external entity is never resolved: the request is read as text, and its address is not one of ours.
        HttpResponse<String> entity = post("/autodiscover/autodiscover.xml", """
                <?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <Autodiscover><Request><EMailAddress>&x;</EMailAddress></Request></Autodiscover>""");
        assertThat(entity.statusCode()).isEqualTo(404);
        assertThat(entity.body()).doesNotContain("root:");
        // Markup in the address is no address; quotes are none of ours either.
        assertThat(post("/autodiscover/autodiscover.xml", OUTLOOK_REQUEST.formatted("x\"/><a>@pec.alpha.example"))
                .statusCode()).isEqualTo(400);
        assertThat(post("/autodiscover/autodiscover.xml", OUTLOOK_REQUEST.formatted("x\"y@pec.alpha.example"))
                .statusCode()).isEqualTo(404);
        assertThat(post("/autodiscover/autodiscover.xml", "<Request/>").statusCode()).isEqualTo(400);
        assertThat(post("/autodiscover/autodiscover.xml", OUTLOOK_REQUEST.formatted("a".repeat(9000)
                + "@pec.alpha.example")).statusCode()).isEqualTo(400);
    }

    @Test
    void anAppleProfileAddsOneImapAccountForTheAddress() throws Exception {
        HttpResponse<String> profile = get("/apple/mail.mobileconfig?emailaddress=carla@pec.alpha.example");

        assertThat(profile.statusCode()).isEqualTo(200);
        assertThat(profile.headers().firstValue("Content-Type")).contains("application/x-apple-aspen-config");
        Document plist = parse(profile.body());
        assertThat(text(plist, "//dict/array/dict/key[.='EmailAddress']/following-sibling::string[1]"))
                .isEqualTo("carla@pec.alpha.example");
        assertThat(text(plist, "//dict/array/dict/key[.='IncomingMailServerPortNumber']/following-sibling::*[1]"))
                .isEqualTo("993");
        assertThat(text(plist, "//dict/array/dict/key[.='OutgoingMailServerHostName']/following-sibling::*[1]"))
                .isEqualTo("mail.pec.alpha.example");
        assertThat(text(plist, "//dict/array/dict/key[.='PayloadType']/following-sibling::*[1]"))
                .isEqualTo("com.apple.mail.managed");
        // Downloaded again, the same identifiers: the device replaces the profile instead of adding a second.
        assertThat(get("/apple/mail.mobileconfig?emailaddress=carla@pec.alpha.example").body())
                .isEqualTo(profile.body());
        assertThat(get("/apple/mail.mobileconfig?emailaddress=carla@altro.example").statusCode()).isEqualTo(404);
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        // The plist's DOCTYPE names Apple's DTD: checked well-formed, never fetched.
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Document document, String xpath) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(xpath, document);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
