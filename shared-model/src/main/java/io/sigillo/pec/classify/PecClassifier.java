package io.sigillo.pec.classify;

import io.sigillo.pec.daticert.Daticert;
import io.sigillo.pec.daticert.DaticertException;
import io.sigillo.pec.daticert.DaticertReader;
import io.sigillo.pec.format.PecHeaders;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.message.OriginalMessage;
import io.sigillo.pec.message.RawHeaders;
import io.sigillo.pec.smime.SignatureCheck;
import io.sigillo.pec.smime.SmimeVerifier;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells what any incoming raw message is: which PEC type, or ordinary mail; whether its S/MIME signature is
 * intact and by a trusted provider; and what its daticert and {@code postacert.eml} say. Accepts what
 * providers in the field send ({@code application/x-pkcs7-signature}, SHA-1, LF line ends). Never throws on
 * bad input and reads no more than its {@link ClassifierLimits}. Thread-safe.
 */
public final class PecClassifier {

    private final SmimeVerifier verifier;
    private final DaticertReader daticertReader;
    private final ClassifierLimits limits;

    /** A classifier checking signatures with {@code verifier}. */
    public PecClassifier(SmimeVerifier verifier, DaticertReader daticertReader, ClassifierLimits limits) {
        this.verifier = verifier;
        this.daticertReader = daticertReader;
        this.limits = limits;
    }

    /** A classifier with the default limits. */
    public PecClassifier(SmimeVerifier verifier) {
        this(verifier, new DaticertReader(), ClassifierLimits.DEFAULT);
    }

    /** The verdict on {@code raw}; never throws. */
    public Classification classify(byte[] raw) {
        if (raw == null || raw.length == 0) {
            return Classification.of(Outcome.MALFORMED, "the message is empty", null, MessageHeaders.EMPTY);
        }
        if (raw.length > limits.maxMessageBytes()) {
            return Classification.of(Outcome.MALFORMED, "the message is larger than "
                    + limits.maxMessageBytes() + " bytes", null, MessageHeaders.EMPTY);
        }
        try {
            return classifyCanonical(OriginalMessage.of(raw).bytes());
        } catch (MalformedException e) {
            return Classification.of(Outcome.MALFORMED, e.getMessage(), e.type, e.headers);
        } catch (RuntimeException e) {
            return Classification.of(Outcome.MALFORMED, "the message cannot be parsed: " + e, null,
                    MessageHeaders.EMPTY);
        }
    }

    private Classification classifyCanonical(byte[] msg) throws MalformedException {
        int bodyStart = headerEnd(msg, 0, null, null);
        MessageHeaders headers = MessageHeaders.of(readHeaders(msg, 0, bodyStart, null, MessageHeaders.EMPTY));
        Optional<PecType> claimed = claimedType(headers);
        PecType type = claimed.orElse(null);
        ContentType contentType = contentType(headers.raw("Content-Type"), type, headers);

        if (!contentType.match("multipart/signed")) {
            String reason = claimed.isPresent()
                    ? "it claims to be PEC (" + type.header() + ": " + type.headerValue() + ") but is not signed"
                    : "ordinary mail: no X-Ricevuta or X-Trasporto header and no provider signature";
            return Classification.of(Outcome.NOT_PEC, reason, type, headers);
        }
        String protocol = lower(contentType.getParameter("protocol"));
        if (!"application/pkcs7-signature".equals(protocol) && !"application/x-pkcs7-signature".equals(protocol)) {
            return Classification.of(claimed.isPresent() ? Outcome.MALFORMED : Outcome.NOT_PEC,
                    "multipart/signed with protocol \"" + protocol + "\" is not S/MIME", type, headers);
        }
        String boundary = contentType.getParameter("boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw new MalformedException("multipart/signed without a usable boundary", type, headers);
        }
        SignedParts parts = SignedParts.split(msg, bodyStart, boundary, type, headers);
        byte[] signature = signatureBytes(msg, parts, type, headers);
        SignatureCheck check = verifier.verify(msg, parts.contentStart(), parts.contentEnd() - parts.contentStart(),
                signature);

        if (claimed.isEmpty()) {
            return new Classification(Outcome.NOT_PEC,
                    "signed mail without an X-Ricevuta or X-Trasporto header is not PEC", Optional.empty(),
                    headers, Optional.empty(), Optional.empty(), Optional.of(check));
        }
        return switch (check.status()) {
            case INVALID -> withSignature(Outcome.INVALID_SIGNATURE, check.reason(), type, headers, check);
            case UNTRUSTED -> withSignature(Outcome.UNTRUSTED_SIGNER, check.reason(), type, headers, check);
            case MALFORMED -> withSignature(Outcome.MALFORMED, check.reason(), type, headers, check);
            case VALID -> readContent(msg, parts, type, headers, check);
        };
    }

    private Classification readContent(byte[] msg, SignedParts parts, PecType type, MessageHeaders headers,
            SignatureCheck check) throws MalformedException {
        Found found = new Found();
        try {
            walk(new MimeBodyPart(new Slice(msg, parts.contentStart(), parts.contentEnd() - parts.contentStart())), 0,
                    found, type, headers);
        } catch (MessagingException | IOException e) {
            throw new MalformedException("the signed content is not valid MIME: " + e.getMessage(), type, headers);
        }
        Daticert daticert = null;
        if (type.daticertType().isPresent()) {
            if (found.daticert == null) {
                throw new MalformedException("a " + type.headerValue() + " message must carry daticert.xml", type,
                        headers);
            }
            try {
                daticert = daticertReader.read(found.daticert);
            } catch (DaticertException e) {
                throw new MalformedException(e.getMessage(), type, headers);
            }
            if (daticert.type() != type) {
                throw new MalformedException("the header says " + type.headerValue() + " but daticert.xml says "
                        + daticert.type().daticertType().orElse("?"), type, headers);
            }
            Optional<String> contradiction = OuterHeaders.contradiction(type, headers, daticert);
            if (contradiction.isPresent()) {
                throw new MalformedException(contradiction.get(), type, headers);
            }
        }
        if ((type == PecType.TRANSPORT_ENVELOPE || type == PecType.ANOMALY_ENVELOPE) && found.postacert == null) {
            throw new MalformedException("an envelope must carry postacert.eml", type, headers);
        }
        return new Classification(Outcome.VALID, check.reason(), Optional.of(type), headers,
                Optional.ofNullable(daticert),
                Optional.ofNullable(found.postacert), Optional.of(check));
    }

    private void walk(Part part, int depth, Found found, PecType type, MessageHeaders headers)
            throws MessagingException, IOException, MalformedException {
        if (depth > limits.maxDepth()) {
            throw new MalformedException("MIME nesting deeper than " + limits.maxDepth(), type, headers);
        }
        if (++found.parts > limits.maxParts()) {
            throw new MalformedException("more than " + limits.maxParts() + " MIME parts", type, headers);
        }
        if (part.isMimeType("multipart/*")) {
            Object content = part.getContent();
            if (!(content instanceof Multipart multipart)) {
                throw new MalformedException("a multipart without parts", type, headers);
            }
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                walk(child, depth + 1, found, type, headers);
            }
        } else if (part.isMimeType("message/rfc822") && found.postacert == null && depth == 1) {
            found.postacert = postacert(part);
        } else if ("daticert.xml".equalsIgnoreCase(fileName(part)) && found.daticert == null) {
            found.daticert = readAll(part.getInputStream());
        }
    }

    private byte[] signatureBytes(byte[] msg, SignedParts parts, PecType type, MessageHeaders headers)
            throws MalformedException {
        int sigHeaderEnd = headerEnd(msg, parts.signatureStart(), type, headers);
        InternetHeaders sigHeaders = readHeaders(msg, parts.signatureStart(), sigHeaderEnd, type, headers);
        String cte = sigHeaders.getHeader("Content-Transfer-Encoding", null);
        try (InputStream in = MimeUtility.decode(new ByteArrayInputStream(msg, sigHeaderEnd,
                parts.signatureEnd() - sigHeaderEnd), cte == null ? "7bit" : cte.trim())) {
            byte[] sig = in.readNBytes(1 << 20);
            if (sig.length == 0) {
                throw new MalformedException("the signature part is empty", type, headers);
            }
            return sig;
        } catch (MessagingException | IOException e) {
            throw new MalformedException("the signature part cannot be decoded: " + e.getMessage(), type, headers);
        }
    }

    private int headerEnd(byte[] b, int from, PecType type, MessageHeaders headers) throws MalformedException {
        int limit = (int) Math.min(b.length, (long) from + limits.maxHeaderBytes());
        for (int i = from; i + 1 < limit; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && (i == from || (b[i - 1] == '\n' && b[i - 2] == '\r'))) {
                return i + 2;
            }
        }
        if (limit == b.length) {
            return b.length;
        }
        throw new MalformedException("a header block is larger than " + limits.maxHeaderBytes() + " bytes", type,
                headers);
    }

    private static InternetHeaders readHeaders(byte[] b, int from, int to, PecType type, MessageHeaders headers)
            throws MalformedException {
        try {
            return RawHeaders.read(b, from, to - from);
        } catch (MessagingException e) {
            throw new MalformedException("the headers cannot be read: " + e.getMessage(), type, headers);
        }
    }

    private static Optional<PecType> claimedType(MessageHeaders headers) {
        Optional<PecType> receipt = PecType.fromHeader(PecHeaders.X_RICEVUTA, headers.raw(PecHeaders.X_RICEVUTA));
        return receipt.isPresent() ? receipt
                : PecType.fromHeader(PecHeaders.X_TRASPORTO, headers.raw(PecHeaders.X_TRASPORTO));
    }

    private static ContentType contentType(String value, PecType type, MessageHeaders headers)
            throws MalformedException {
        try {
            return new ContentType(value == null ? "text/plain" : value);
        } catch (ParseException e) {
            if (type == null) {
                try {
                    return new ContentType("text/plain");
                } catch (ParseException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
            throw new MalformedException("the Content-Type cannot be parsed: " + e.getMessage(), type, headers);
        }
    }

    private static String fileName(Part part) {
        try {
            return part.getFileName();
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    /** The original as it lies in the message when its part is not transfer-encoded (as it should be), else decoded. */
    private OriginalMessage postacert(Part part) throws MessagingException, IOException {
        if (part instanceof MimeBodyPart mime && isIdentity(mime.getEncoding())
                && mime.getRawInputStream() instanceof Slice slice) {
            return slice.original();
        }
        return OriginalMessage.of(readAll(part.getInputStream()));
    }

    private static boolean isIdentity(String encoding) {
        String e = lower(encoding);
        return e == null || e.equals("7bit") || e.equals("8bit") || e.equals("binary");
    }

    private byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readNBytes(limits.maxMessageBytes());
        }
    }

    private static String lower(String s) {
        return s == null ? null : s.trim().toLowerCase(Locale.ROOT);
    }

    private static Classification withSignature(Outcome outcome, String reason, PecType type, MessageHeaders headers,
            SignatureCheck check) {
        return new Classification(outcome, reason, Optional.of(type), headers, Optional.empty(), Optional.empty(),
                Optional.of(check));
    }

    /** What the walk over the signed content collected. */
    private static final class Found {
        int parts;
        byte[] daticert;
        OriginalMessage postacert;
    }

    /**
     * A stream over a range of the message whose sub-streams (the body of each MIME part that Jakarta Mail parses
     * from it) are ranges of the same array too: nothing of a message of up to 100 MB is copied to read it.
     */
    private static final class Slice extends SharedByteArrayInputStream {

        Slice(byte[] message, int offset, int length) {
            super(message, offset, length);
        }

        @Override
        public InputStream newStream(long from, long to) {
            if (from < 0) {
                throw new IllegalArgumentException("from < 0");
            }
            long end = to == -1 ? count - start : to;
            return new Slice(buf, start + (int) from, (int) (end - from));
        }

        OriginalMessage original() {
            return OriginalMessage.of(buf, start, count - start);
        }
    }

    /** Offsets of the two parts of a multipart/signed body, found on the raw bytes as RFC 1847 demands. */
    private record SignedParts(int contentStart, int contentEnd, int signatureStart, int signatureEnd) {

        static SignedParts split(byte[] msg, int bodyStart, String boundary, PecType type, MessageHeaders headers)
                throws MalformedException {
            byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
            int first = findDelimiter(msg, bodyStart, delimiter, true);
            if (first < 0) {
                throw new MalformedException("the multipart/signed body has no boundary line", type, headers);
            }
            int contentStart = lineEnd(msg, first);
            int second = findDelimiter(msg, contentStart, delimiter, false);
            if (second < 0) {
                throw new MalformedException("the multipart/signed body has only one part", type, headers);
            }
            int signatureStart = lineEnd(msg, second);
            if (isClosing(msg, second + 2 + delimiter.length)) {
                throw new MalformedException("the multipart/signed body has no signature part", type, headers);
            }
            int third = findDelimiter(msg, signatureStart, delimiter, false);
            if (third < 0) {
                throw new MalformedException("the multipart/signed body is not closed", type, headers);
            }
            if (!isClosing(msg, third + 2 + delimiter.length)) {
                throw new MalformedException("the multipart/signed body has more than two parts", type, headers);
            }
            return new SignedParts(contentStart, second, signatureStart, third);
        }

        /** Index of the CRLF before a delimiter line (or of the delimiter itself when {@code atStart}). */
        private static int findDelimiter(byte[] msg, int from, byte[] delimiter, boolean atStart) {
            if (atStart && startsWith(msg, from, delimiter) && isDelimiterEnd(msg, from + delimiter.length)) {
                return from - 2;
            }
            for (int i = Math.max(from, 0); i + 2 + delimiter.length <= msg.length; i++) {
                if (msg[i] == '\r' && msg[i + 1] == '\n' && startsWith(msg, i + 2, delimiter)
                        && isDelimiterEnd(msg, i + 2 + delimiter.length)) {
                    return i;
                }
            }
            return -1;
        }

        private static boolean isDelimiterEnd(byte[] msg, int at) {
            return at >= msg.length || msg[at] == '\r' || msg[at] == ' ' || msg[at] == '\t' || msg[at] == '-';
        }

        private static boolean isClosing(byte[] msg, int at) {
            return at + 1 < msg.length && msg[at] == '-' && msg[at + 1] == '-';
        }

        private static int lineEnd(byte[] msg, int crlfBeforeDelimiter) {
            for (int i = Math.max(crlfBeforeDelimiter + 2, 0); i + 1 < msg.length; i++) {
                if (msg[i] == '\r' && msg[i + 1] == '\n') {
                    return i + 2;
                }
            }
            return msg.length;
        }

        private static boolean startsWith(byte[] msg, int at, byte[] prefix) {
            if (at < 0 || at + prefix.length > msg.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (msg[at + i] != prefix[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A structural fault, carried up to become a MALFORMED outcome. */
    private static final class MalformedException extends Exception {
        private final transient PecType type;
        private final transient MessageHeaders headers;

        MalformedException(String message, PecType type, MessageHeaders headers) {
            super(message, null, false, false);
            this.type = type;
            this.headers = headers == null ? MessageHeaders.EMPTY : headers;
        }
    }
}
