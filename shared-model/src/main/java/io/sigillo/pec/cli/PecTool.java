package io.sigillo.pec.cli;

import io.sigillo.pec.classify.Classification;
import io.sigillo.pec.classify.PecClassifier;
import io.sigillo.pec.daticert.Daticert;
import io.sigillo.pec.daticert.DaticertSchema;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.message.ProviderMessage;
import io.sigillo.pec.message.ProviderMessageComposer;
import io.sigillo.pec.pki.DemoClientCertificates;
import io.sigillo.pec.pki.DemoPki;
import io.sigillo.pec.smime.KeystoreException;
import io.sigillo.pec.smime.ProviderCredentials;
import io.sigillo.pec.smime.SmimeSigner;
import io.sigillo.pec.smime.SmimeVerifier;
import io.sigillo.pec.smime.TrustedProviders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/** Command line for operators and demos: make the demo PKI, write signed samples, classify any message. */
public final class PecTool {

    private PecTool() {
    }

    /** Entry point; exit code 0 on success, 1 when a classified message is not valid PEC, 2 on usage errors. */
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        // A command-line program: its clock is the system's.
        Clock clock = Clock.systemUTC();
        int code = switch (args[0]) {
            case "demo-pki" -> {
                DemoPki.run(rest, clock);
                yield 0;
            }
            case "demo-client-certificates" -> {
                if (rest.length < 2) {
                    usage();
                    yield 2;
                }
                DemoClientCertificates.write(Path.of(rest[0]), Arrays.asList(rest).subList(1, rest.length),
                        clock.instant());
                yield 0;
            }
            case "samples" -> samples(rest, clock);
            case "classify" -> classify(rest, clock);
            default -> {
                usage();
                yield 2;
            }
        };
        System.exit(code);
    }

    private static void usage() {
        System.err.println("""
                usage: pec-tool demo-pki DIR [--force] [--mail-host DOMAIN=HOST:PORT]... [--tls-name DOMAIN=HOST]...
                                                          create the demo CA, provider keystores, trust
                                                          store and index (--tls-name: one more name in
                                                          DOMAIN's TLS certificate)
                       pec-tool demo-client-certificates DIR ADDRESS...
                                                          a demo CA for mail users and a client
                                                          certificate per address (kept if there)
                       pec-tool samples PKI_DIR OUT_DIR   write one signed demo of every PEC message type
                       pec-tool classify TRUST EML...     classify messages against a trust store (PEM, or
                                                          PKCS#12 with SIGILLO_TRUST_PASSWORD)""");
    }

    private static int samples(String[] args, Clock clock) throws IOException, KeystoreException {
        if (args.length != 2) {
            usage();
            return 2;
        }
        Path pki = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        char[] pw = DemoPki.DEMO_PASSWORD.toCharArray();
        DaticertSchema schema = new DaticertSchema();
        ProviderMessageComposer alpha = new ProviderMessageComposer(new SmimeSigner(ProviderCredentials.fromPkcs12(
                pki.resolve(DemoMessages.ALPHA.domain() + ".p12"), pw, null), clock), schema);
        ProviderMessageComposer beta = new ProviderMessageComposer(new SmimeSigner(ProviderCredentials.fromPkcs12(
                pki.resolve(DemoMessages.BETA.domain() + ".p12"), pw, null), clock), schema);
        // Accepted twelve hours before they are written: every sample, the 12-hour warning too, is dated before it
        // is signed and within the validity of the keys that sign it.
        Instant acceptedAt = clock.instant().minus(Duration.ofHours(12));
        for (Map.Entry<String, ProviderMessage> e : DemoMessages.all(acceptedAt).entrySet()) {
            ProviderMessageComposer composer = e.getValue().issuer().equals(DemoMessages.BETA) ? beta : alpha;
            Path file = out.resolve(e.getKey() + ".eml");
            Files.write(file, composer.compose(e.getValue()).bytes());
            System.out.println("  " + file);
        }
        Files.copy(pki.resolve("ca.pem"), out.resolve("ca.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return 0;
    }

    private static int classify(String[] args, Clock clock) throws IOException, KeystoreException {
        if (args.length < 2) {
            usage();
            return 2;
        }
        Path trustFile = Path.of(args[0]);
        TrustedProviders trust = trustFile.toString().endsWith(".p12")
                ? TrustedProviders.fromPkcs12(trustFile, System.getenv().getOrDefault("SIGILLO_TRUST_PASSWORD",
                        DemoPki.DEMO_PASSWORD).toCharArray())
                : TrustedProviders.fromPem(trustFile);
        // Saved messages: certificates are checked when each message says it was signed, and SHA-1 is read.
        PecClassifier classifier = new PecClassifier(new SmimeVerifier(() -> trust, clock,
                SmimeVerifier.Moment.ARCHIVE));
        int code = 0;
        for (int i = 1; i < args.length; i++) {
            Classification c = classifier.classify(Files.readAllBytes(Path.of(args[i])));
            String type = c.type().map(t -> t.header() + ": " + t.headerValue()).orElse("-");
            System.out.printf("%-40s %-18s %-38s %s%n", Path.of(args[i]).getFileName(), c.outcome(), type, c.reason());
            c.daticert().map(PecTool::describe).ifPresent(System.out::println);
            if (!c.isValid()) {
                code = 1;
            }
        }
        return code;
    }

    private static String describe(Daticert d) {
        return "    identificativo=" + d.identifier() + " mittente=" + d.sender() + " data=" + d.date().day() + " "
                + d.date().time() + " " + d.date().zone() + (d.deliveredTo() == null ? "" : " consegna=" + d.deliveredTo());
    }
}
