package io.sigillo.deliverypoint.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillo.deliverypoint.DeliveryPointTestSupport;
import io.sigillo.support.credentials.LoginAddresses;
import io.sigillo.support.credentials.LoginThrottle;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Logins through the webmail: failures count under the browser's address the webmail names with its key, so one
 * guesser locks out only itself; without the key, the named address is ignored.
 */
class LoginAddressesTest extends DeliveryPointTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    /** This test's failures stop counting against the addresses the other tests log in from. */
    @AfterEach
    void forgetFailures() {
        jdbc.sql("DELETE FROM logins.login_failures WHERE kind = 'ADDRESS'").update();
    }

    /** A login of an account nobody has, so that no account's own limit is reached first. */
    private HttpResponse<String> guess(String frontendKey, String clientAddress) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/v1/sessions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"nobody-" + UUID.randomUUID()
                        + "@pec.alpha.example\",\"password\":\"guess\"}"));
        if (frontendKey != null) {
            request.header(LoginAddresses.FRONTEND_KEY, frontendKey).header(LoginAddresses.CLIENT_ADDRESS,
                    clientAddress);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aGuesserBehindTheWebmailLocksOutOnlyItsOwnAddress() throws Exception {
        for (int i = 0; i < LoginThrottle.FREE_PER_ADDRESS; i++) {
            assertThat(guess(FRONTEND_KEY, "198.51.100.7").statusCode()).isEqualTo(401);
        }
        assertThat(guess(FRONTEND_KEY, "198.51.100.7").statusCode()).isEqualTo(401);
        assertThat(guess(FRONTEND_KEY, "198.51.100.7").statusCode()).as("the guesser's address").isEqualTo(429);

        assertThat(guess(FRONTEND_KEY, "198.51.100.8").statusCode()).as("another browser").isEqualTo(401);
        assertThat(guess(null, null).statusCode()).as("the webmail's own address").isEqualTo(401);
        assertThat(guess("not-the-key", "198.51.100.7").statusCode())
                .as("an address named without the key is not taken").isEqualTo(401);
        assertThat(guess(FRONTEND_KEY, "198.51.100.7; DROP").statusCode())
                .as("what is not an address is not taken").isEqualTo(401);
    }
}
