package io.sigillo.pec.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps {@code docs/openapi/SERVICE.json} equal to what the running service serves at {@code /v3/api-docs}, so
 * frontends can generate clients from the repository. {@code -Dsigillo.openapi.update=true} rewrites the file.
 */
public final class OpenApiDocs {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private OpenApiDocs() {
    }

    /** Fails when the served document differs from the checked-in one (or rewrites it when asked to). */
    public static void assertMatchesCheckedIn(int port, String service) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/v3/api-docs")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("/v3/api-docs").isEqualTo(200);
        String served = response.body().replace("\r\n", "\n").strip() + "\n";
        Path checkedIn = Path.of(System.getProperty("sigillo.root", ".."), "docs", "openapi", service + ".json");
        if (Boolean.getBoolean("sigillo.openapi.update")) {
            Files.createDirectories(checkedIn.getParent());
            Files.writeString(checkedIn, served, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(checkedIn)).as(checkedIn + " is missing: run the tests once with "
                + "-Dsigillo.openapi.update=true").isTrue();
        assertThat(served).as("the served OpenAPI document differs from " + checkedIn
                + ": if the change is intended, rerun with -Dsigillo.openapi.update=true and commit the file")
                .isEqualTo(Files.readString(checkedIn, StandardCharsets.UTF_8));
    }
}
