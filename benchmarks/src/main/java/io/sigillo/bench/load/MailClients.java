package io.sigillo.bench.load;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * What mail clients do to the platform: alice's client submitting over SMTP with STARTTLS (port 1587), one connection
 * per client kept for its messages, as a client sending a batch does; and readers polling a mailbox over IMAPS as an
 * ERP or a phone does, fetching every new message whole and marking it read.
 */
final class MailClients {

    /** Alpha's SMTP submission (STARTTLS), and each provider's IMAPS, as ./sigillo-local opens them. */
    static final int SUBMISSION_PORT = 1587;
    static final int ALPHA_IMAPS_PORT = 1993;
    static final int BETA_IMAPS_PORT = 2993;

    private static final Pattern ACCEPTED = Pattern.compile("accepted as (\\S+), Message-ID (<[^>]+>)");

    private final SSLSocketFactory tls;

    MailClients(Path caPem) {
        this.tls = trusting(caPem);
    }

    /** One SMTP client of alice's: a session kept open for the messages it sends. */
    final class Submitter implements AutoCloseable {
        private final Session session;
        private final SMTPTransport transport;

        Submitter() throws MessagingException {
            Properties p = new Properties();
            p.put("mail.smtp.host", "localhost");
            p.put("mail.smtp.port", String.valueOf(SUBMISSION_PORT));
            p.put("mail.smtp.auth", "true");
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
            p.put("mail.smtp.ssl.socketFactory", tls);
            p.put("mail.smtp.ssl.checkserveridentity", "true");
            p.put("mail.smtp.timeout", "120000");
            this.session = Session.getInstance(p);
            this.transport = (SMTPTransport) session.getTransport("smtp");
            transport.connect(Submissions.SENDER, "alice-demo");
        }

        /** Sends one message; the PEC identifier and Message-ID the reply names, or null when it was refused. */
        String[] send(String recipient, String subject, String text, byte[] attachment) throws MessagingException {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(Submissions.SENDER));
            message.setRecipients(Message.RecipientType.TO, recipient);
            message.setSubject(subject, "UTF-8");
            MimeBodyPart body = new MimeBodyPart();
            body.setText(text, "UTF-8");
            MimeBodyPart file = new MimeBodyPart();
            file.setContent(attachment, "application/pdf");
            file.setFileName("offerta.pdf");
            message.setContent(new MimeMultipart(body, file));
            message.saveChanges();
            transport.sendMessage(message, message.getAllRecipients());
            Matcher accepted = ACCEPTED.matcher(transport.getLastServerResponse());
            return accepted.find() ? new String[] {accepted.group(1), accepted.group(2)} : null;
        }

        @Override
        public void close() throws MessagingException {
            transport.close();
        }
    }

    /** A reader polling {@code user}'s INBOX over IMAPS until stopped. */
    final class Reader implements Runnable {
        private final String user;
        private final String password;
        private final int port;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicLong messages = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();
        private volatile String failure;

        Reader(String user, String password, int port) {
            this.user = user;
            this.password = password;
            this.port = port;
        }

        @Override
        public void run() {
            Properties p = new Properties();
            p.put("mail.imaps.ssl.socketFactory", tls);
            p.put("mail.imaps.ssl.checkserveridentity", "true");
            try (IMAPStore store = (IMAPStore) Session.getInstance(p).getStore("imaps")) {
                store.connect("localhost", port, user, password);
                IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
                inbox.open(Folder.READ_WRITE);
                // Only what arrives from now on: what the mailbox held before is not this run's.
                long next = inbox.getUIDNext();
                while (!stop.get()) {
                    for (Message m : inbox.getMessagesByUID(next, UIDFolder.MAXUID)) {
                        try (InputStream in = m.getInputStream()) {
                            bytes.addAndGet(in.transferTo(java.io.OutputStream.nullOutputStream()));
                        } catch (IOException e) {
                            throw new MessagingException("reading a message", e);
                        }
                        m.setFlag(jakarta.mail.Flags.Flag.SEEN, true);
                        messages.incrementAndGet();
                        next = Math.max(next, inbox.getUID(m) + 1);
                    }
                    // A NOOP lets the server report what arrived meanwhile.
                    Thread.sleep(1000);
                    inbox.getMessageCount();
                }
            } catch (MessagingException e) {
                failure = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void stop() {
            stop.set(true);
        }

        /** Messages read, bytes read, and what stopped it early if anything did. */
        java.util.Map<String, Object> report() {
            java.util.Map<String, Object> report = new java.util.LinkedHashMap<>();
            report.put("user", user);
            report.put("messagesRead", messages.get());
            report.put("bytesRead", bytes.get());
            if (failure != null) {
                report.put("failure", failure);
            }
            return report;
        }
    }

    private static SSLSocketFactory trusting(Path caPem) {
        try (InputStream in = Files.newInputStream(caPem)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("demo-" + i++, c);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the demo CA " + caPem + ": " + e.getMessage(), e);
        }
    }
}
