package io.sigillo.bench.formats;

import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.message.OriginalMessage;
import io.sigillo.pec.message.ProviderMessageComposer;
import io.sigillo.pec.mime.MailStreams;
import io.sigillo.pec.pki.DemoPki;
import io.sigillo.pec.smime.KeystoreException;
import io.sigillo.pec.smime.ProviderCredentials;
import io.sigillo.pec.smime.SmimeSigner;
import io.sigillo.pec.smime.SmimeVerifier;
import io.sigillo.pec.smime.TrustedProviders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/** The demo providers' keys and originals of a given size, made once per benchmark trial. */
final class Fixtures implements AutoCloseable {

    /** Every benchmark signs and verifies at this instant, inside the demo certificates' validity. */
    static final Instant AT = DemoMessages.ACCEPTED_AT;

    private final Path pki;
    private final Clock clock = Clock.fixed(AT, ZoneOffset.UTC);

    Fixtures() {
        MailStreams.nameAngusProvider(); // as every service does
        try {
            pki = Files.createTempDirectory("sigillo-bench-pki");
            DemoPki.write(pki, DemoPki.DEMO_PROVIDERS, Map.of(), AT.minusSeconds(86_400));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The composer of provider alpha (RSA-2048) or beta (ECDSA P-256). */
    ProviderMessageComposer composer(String domain) throws KeystoreException {
        ProviderCredentials credentials = ProviderCredentials.fromPkcs12(pki.resolve(domain + ".p12"),
                DemoPki.DEMO_PASSWORD.toCharArray(), DemoPki.SIGNING_ALIAS);
        return new ProviderMessageComposer(new SmimeSigner(credentials, clock));
    }

    /** A verifier trusting both demo providers. */
    SmimeVerifier verifier() throws KeystoreException {
        TrustedProviders trust = TrustedProviders.fromPem(pki.resolve("trust.pem"));
        return new SmimeVerifier(() -> trust, clock);
    }

    /**
     * An original of about {@code size} bytes: a plain-text part and one random attachment in base64, as a mail
     * client writes it.
     */
    static OriginalMessage original(MessageSize size) {
        byte[] attachment = new byte[Math.max(0, size.bytes() - 2048) * 3 / 4];
        new Random(size.bytes()).nextBytes(attachment);
        String eml = "From: Alice <alice@pec.alpha.example>\r\nTo: bob@pec.beta.example\r\n"
                + "Subject: Offerta " + size + "\r\nMessage-ID: <bench-" + size + "@client.example>\r\n"
                + "Date: Wed, 25 Nov 2026 21:50:00 +0100\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=UTF-8"
                + "\r\n\r\n" + "Gentile Bob, in allegato l'offerta. ".repeat(40) + "\r\n--b\r\n"
                + "Content-Type: application/pdf; name=\"offerta.pdf\"\r\n"
                + "Content-Disposition: attachment; filename=\"offerta.pdf\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(attachment) + "\r\n--b--\r\n";
        return OriginalMessage.of(eml.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(pki)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
