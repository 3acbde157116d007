package io.sigillo.webmail.web;

import io.sigillo.webmail.mailbox.SessionExpired;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClient.RequestHeadersSpec.ConvertibleClientHttpResponse;

/**
 * A service's answer to a call made with a session's token, read the same way by the webmail's and the console's
 * clients; and a signed message a service answers, passed on to the browser as a download.
 */
public final class ServiceAnswers {

    private ServiceAnswers() {
    }

    /** How a successful answer is read. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(ConvertibleClientHttpResponse answer) throws IOException;
    }

    /**
     * What {@code read} makes of a successful answer: empty on 404 (or an empty body), {@link SessionExpired} when
     * the token is refused, {@link QueryRefused} on 400 (what the user typed is beyond what the service takes), any
     * other failure thrown naming {@code service}.
     */
    public static <T> Optional<T> read(String service, HttpRequest request, ConvertibleClientHttpResponse answer,
            Reader<T> read) throws IOException {
        if (answer.getStatusCode().isSameCodeAs(HttpStatus.UNAUTHORIZED)) {
            throw new SessionExpired();
        }
        if (answer.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
            return Optional.empty();
        }
        if (answer.getStatusCode().isSameCodeAs(HttpStatus.BAD_REQUEST)) {
            throw new QueryRefused(service + " answered " + answer.getStatusCode() + " to "
                    + request.getURI().getPath());
        }
        if (!answer.getStatusCode().is2xxSuccessful()) {
            throw new IllegalStateException(service + " answered " + answer.getStatusCode() + " to "
                    + request.getURI().getPath());
        }
        return Optional.ofNullable(read.read(answer));
    }

    /**
     * Copies a signed message of {@code length} bytes (-1 when unknown), exactly as the service answered it, to
     * {@code response} as a download named by {@code disposition}, a buffer at a time.
     */
    public static void message(long length, InputStream body, ContentDisposition disposition,
            HttpServletResponse response) throws IOException {
        response.setContentType("message/rfc822");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, disposition.toString());
        if (length >= 0) {
            response.setContentLengthLong(length);
        }
        body.transferTo(response.getOutputStream());
    }
}
