package io.sigillo.webmail.message;

import io.sigillo.webmail.WebmailProperties;
import io.sigillo.webmail.login.WebmailSession;
import io.sigillo.webmail.mailbox.MailboxClient;
import io.sigillo.webmail.mailbox.MessageTooLarge;
import io.sigillo.webmail.web.MailboxOwnersSide;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/** One message of the owner's mailbox, opened: its verification, its certified facts, its original and files. */
@MailboxOwnersSide
@Controller
public class MessageController {

    private final MailboxClient mailbox;
    private final MessageReader reader;
    private final ReceiptPrint print;
    private final int largestShown;

    public MessageController(MailboxClient mailbox, MessageReader reader, ReceiptPrint print,
            WebmailProperties properties) {
        this.mailbox = mailbox;
        this.reader = reader;
        this.print = print;
        this.largestShown = (int) Math.min(Integer.MAX_VALUE - 8, properties.largestShown().toBytes());
    }

    /** The message's page; opening it marks it read, for mail clients too. */
    @GetMapping("/posta/{id}")
    public String message(@PathVariable UUID id, WebmailSession session, Model model) {
        model.addAttribute("account", session.account());
        model.addAttribute("id", id);
        try {
            byte[] raw = mailbox.read(session, id, largestShown, false).orElseThrow(MessageController::notFound);
            model.addAttribute("message", reader.read(raw));
        } catch (MessageTooLarge e) {
            model.addAttribute("tooLarge", true);
        }
        return "message";
    }

    /**
     * File {@code number} of the message's original, as bytes to save: whatever its sender called its type, a
     * browser never renders it inside the webmail's origin.
     */
    @GetMapping("/posta/{id}/allegati/{number}")
    public void attachment(@PathVariable UUID id, @PathVariable int number, WebmailSession session,
            HttpServletResponse response) throws IOException {
        Optional<OriginalContent.AttachmentBody> file;
        try {
            file = mailbox.read(session, id, largestShown, true).flatMap(raw -> reader.attachment(raw, number));
        } catch (MessageTooLarge e) {
            throw notFound();
        }
        OriginalContent.AttachmentBody body = file.orElseThrow(MessageController::notFound);
        response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename(body.fileName(), StandardCharsets.UTF_8).build().toString());
        try (InputStream bytes = body.bytes()) {
            bytes.transferTo(response.getOutputStream());
        }
    }

    /**
     * The message's certified facts and signature as a PDF to print, for a valid receipt or certified message (one
     * with daticert.xml); the digest it states is of the exact bytes the {@code .eml} download gives.
     */
    @GetMapping("/posta/{id}/ricevuta.pdf")
    public void receiptPdf(@PathVariable UUID id, WebmailSession session, Locale locale,
            HttpServletResponse response) throws IOException {
        byte[] raw;
        try {
            raw = mailbox.read(session, id, largestShown, true).orElseThrow(MessageController::notFound);
        } catch (MessageTooLarge e) {
            throw notFound();
        }
        MessageReading message = reader.read(raw);
        if (!message.valid() || message.daticert() == null) {
            throw notFound();
        }
        response.setContentType(MediaType.APPLICATION_PDF_VALUE);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("ricevuta-" + message.type().headerValue() + "-" + id + ".pdf").build().toString());
        print.write(message, sha256(raw), locale, response.getOutputStream());
    }

    private static String sha256(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
}
