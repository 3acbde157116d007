package io.sigillo.deliverypoint.imap;

import io.sigillo.pec.message.OriginalMessage;
import io.sigillo.support.smtp.SmtpTls;
import jakarta.annotation.PreDestroy;
import jakarta.mail.FetchProfile;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Quota;
import jakarta.mail.Session;
import jakarta.mail.StoreClosedException;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.HeaderTerm;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.ConnectionException;
import org.eclipse.angus.mail.iap.Literal;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.springframework.stereotype.Component;

/**
 * The mailboxes in Dovecot (ADR 0026), reached over IMAP with TLS as Dovecot's master user, so that the delivery
 * point can open any mailbox without its owner's password. A message is appended byte for byte, as IMAP APPEND
 * keeps it (LMTP would add a Return-Path line), and only once: where a copy may be there already, one whose
 * Message-ID is among the folder's latest messages is not appended again (ADR 0029).
 */
@Component
public class DovecotMailboxes {

    /** How many of a folder's latest messages an append checks for its Message-ID. */
    static final int APPEND_WINDOW = 256;

    /** The UIDs Dovecot gave what an APPEND stored: {@code [APPENDUID uidvalidity uid-set]} (RFC 4315). */
    private static final Pattern APPENDUID = Pattern.compile("\\[APPENDUID (\\d+) ([0-9:,]+)\\]");

    /** What became of an append. */
    public sealed interface Appended permits Stored, Full {
    }

    /**
     * In the folder, with its UID.
     *
     * @param uidValidity the folder's UIDVALIDITY
     * @param uid         the message's UID
     * @param already     true when the folder held it already
     */
    public record Stored(long uidValidity, long uid, boolean already) implements Appended {
    }

    /** Refused: the mailbox's quota has no room for it. */
    public record Full(String why) implements Appended {
    }

    /** How long a session waits to be reused, and how many may wait at once (each holds a Dovecot process). */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(30);
    static final int MAX_IDLE_SESSIONS = 32;

    private final DovecotProperties settings;
    private final Session session;
    private final MasterSessions sessions;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "dovecot-sessions");
        thread.setDaemon(true);
        return thread;
    });

    public DovecotMailboxes(DovecotProperties settings, Clock clock) {
        this.settings = settings;
        Properties p = new Properties();
        Path trust = settings.trustCaPath() == null || settings.trustCaPath().isBlank() ? null
                : Path.of(settings.trustCaPath());
        if (settings.tlsName() == null || settings.tlsName().isBlank()) {
            p.put("mail.imaps.ssl.socketFactory", SmtpTls.clientSocketFactory(trust));
            p.put("mail.imaps.ssl.checkserveridentity", "true");
        } else {
            // The JDK checks the certificate against the name given (Jakarta Mail would check the host dialled).
            p.put("mail.imaps.ssl.socketFactory", SmtpTls.clientSocketFactory(trust, settings.tlsName()));
        }
        p.put("mail.imaps.connectiontimeout", "10000");
        p.put("mail.imaps.timeout", "60000");
        this.session = Session.getInstance(p);
        this.sessions = new MasterSessions(this::open, KEEP_ALIVE, MAX_IDLE_SESSIONS, clock);
        sweeper.scheduleWithFixedDelay(sessions::closeIdle, 10, 10, TimeUnit.SECONDS);
    }

    /** Closes the sessions kept for reuse. */
    @PreDestroy
    public void close() {
        sweeper.shutdownNow();
        sessions.close();
    }

    /** The sessions kept for reuse, for tests: how many wait now and how many were opened in all. */
    int[] sessionCounts() {
        return new int[] {sessions.idle(), sessions.opened()};
    }

    /** What is done with a session as a mailbox. */
    private interface StoreAction<T> {
        T apply(IMAPStore store) throws MessagingException;
    }

    /** Runs {@code action} on a session as {@code mailbox}, reused when one is kept, given back after. */
    private <T> T withSession(String mailbox, StoreAction<T> action) throws MessagingException {
        return withSession(mailbox, action, action);
    }

    /**
     * Runs {@code action} on a session as {@code mailbox}, reused when one is kept, given back after; when the kept
     * session turns out to have been closed by Dovecot, runs {@code repeat} on a new one: an action whose first try
     * may have reached Dovecot before the session broke must be repeated in a form that cannot do it twice.
     */
    private <T> T withSession(String mailbox, StoreAction<T> action, StoreAction<T> repeat)
            throws MessagingException {
        Exception lost;
        MasterSessions.Lease lease = sessions.lease(mailbox);
        try {
            return action.apply(lease.store());
        } catch (MessagingException | RuntimeException e) {
            lease.broken();
            if (!lease.reused() || !connectionLost(e)) {
                throw e;
            }
            lost = e;
        } finally {
            lease.close();
        }
        MasterSessions.Lease fresh = sessions.fresh(mailbox);
        try {
            return repeat.apply(fresh.store());
        } catch (MessagingException | RuntimeException e) {
            fresh.broken();
            e.addSuppressed(lost);
            throw e;
        } finally {
            fresh.close();
        }
    }

    /** Whether {@code failure} came of the connection, not of what Dovecot answered on it. */
    private static boolean connectionLost(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StoreClosedException || t instanceof FolderClosedException
                    || t instanceof ConnectionException || t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Appends {@code raw} to {@code folder} of {@code mailbox}, unless the folder's latest messages hold its Message-ID
     * already: the Sent copy, which the owner's mail client may have kept there itself.
     */
    public Appended append(String mailbox, String folder, byte[] raw) throws MessagingException {
        return withSession(mailbox, unlessHeld(folder, raw));
    }

    /**
     * Appends {@code raw} to {@code folder} of {@code mailbox} without looking for an earlier copy: one APPEND, for a
     * message that cannot be there yet, such as a delivery handled for the first time ({@code Redeliveries}). Should
     * the session turn out lost, it is appended on a new one as {@link #append} does, as the first try may have
     * stored it.
     */
    public Appended appendNew(String mailbox, String folder, byte[] raw) throws MessagingException {
        return withSession(mailbox, store -> {
            try {
                return appended((IMAPFolder) store.getFolder(folder), raw);
            } catch (MessagingException e) {
                return full(e);
            }
        }, store -> unlessHeld(folder, raw).apply(store)); // the Message-ID read only if needed
    }

    /**
     * Appends each of {@code raws} to {@code folder} of {@code mailbox}, in their order, without looking for earlier
     * copies: one APPEND carrying them all (MULTIAPPEND, RFC 3502), which Dovecot saves in one transaction, for a
     * third of the wall time and less than half of Dovecot's work per message (ADR 0031). Dovecot stores all of them or
     * none: when the quota refuses them together, each is appended on its own, so that those with room are stored.
     * Should the session turn out lost, each is appended on a new one as {@link #append} does.
     */
    public List<Appended> appendAllNew(String mailbox, String folder, List<byte[]> raws) throws MessagingException {
        if (raws.size() == 1) {
            return List.of(appendNew(mailbox, folder, raws.get(0)));
        }
        return withSession(mailbox, store -> {
            IMAPFolder target = (IMAPFolder) store.getFolder(folder);
            try {
                return allAppended(target, raws);
            } catch (MessagingException e) {
                if (!overQuota(e)) {
                    throw e;
                }
            }
            List<Appended> each = new ArrayList<>(raws.size());
            for (byte[] raw : raws) {
                try {
                    each.add(appended(target, raw));
                } catch (MessagingException e) {
                    each.add(full(e));
                }
            }
            return each;
        }, store -> {
            List<Appended> each = new ArrayList<>(raws.size());
            for (byte[] raw : raws) {
                each.add(unlessHeld(folder, raw).apply(store));
            }
            return each;
        });
    }

    /** Appends {@code raw} to {@code folder} unless the folder's latest messages hold its Message-ID already. */
    private StoreAction<Appended> unlessHeld(String folder, byte[] raw) {
        String messageId = OriginalMessage.of(raw).messageId();
        return store -> {
            IMAPFolder target = (IMAPFolder) store.getFolder(folder);
            target.open(Folder.READ_WRITE);
            try {
                if (messageId != null) {
                    Message[] held = find(target, messageId, latest(target));
                    if (held.length > 0) {
                        return new Stored(target.getUIDValidity(), target.getUID(held[0]), true);
                    }
                }
                return appended(target, raw);
            } catch (MessagingException e) {
                return full(e);
            } finally {
                if (target.isOpen()) {
                    target.close(false);
                }
            }
        };
    }

    /**
     * Appends {@code raw} to {@code folder}, open or not, in one APPEND: Jakarta Mail's {@code appendUIDMessages}
     * first asks whether the folder exists (LIST), a round trip for nothing, as APPEND fails on a missing folder
     * anyway. A closed folder appends on its session's connection, which needs no folder selected.
     */
    private static Stored appended(IMAPFolder folder, byte[] raw) throws MessagingException {
        Literal literal = new ExactLiteral(raw);
        String name = folder.getFullName();
        AppendUID uid = (AppendUID) folder.doCommand(p -> p.appenduid(name, null, null, literal));
        // Dovecot answers APPENDUID (UIDPLUS); a server that does not leaves the UID unknown.
        return uid == null ? new Stored(-1, -1, false) : new Stored(uid.uidvalidity, uid.uid, false);
    }

    /**
     * Appends {@code raws} to {@code folder} in one APPEND with a literal each. Jakarta Mail sends one message per
     * APPEND, so the command is written here; Dovecot answers the UIDs it gave them, in their order, as a UID set.
     */
    private static List<Appended> allAppended(IMAPFolder folder, List<byte[]> raws) throws MessagingException {
        String name = folder.getFullName();
        Response done = (Response) folder.doCommand(p -> {
            Argument command = new Argument();
            if (p.supportsUtf8()) {
                command.writeString(name, StandardCharsets.UTF_8);
            } else {
                command.writeString(BASE64MailboxEncoder.encode(name));
            }
            raws.forEach(raw -> command.writeBytes(new ExactLiteral(raw)));
            Response[] answers = p.command("APPEND", command);
            p.notifyResponseHandlers(answers);
            p.handleResult(answers[answers.length - 1]);
            return answers[answers.length - 1];
        });
        Matcher uids = APPENDUID.matcher(done.toString());
        List<Long> given = uids.find() ? uidSet(uids.group(2)) : List.of();
        long validity = given.size() == raws.size() ? Long.parseLong(uids.group(1)) : -1;
        List<Appended> stored = new ArrayList<>(raws.size());
        for (int i = 0; i < raws.size(); i++) {
            // A server that does not answer APPENDUID (UIDPLUS), or not one per message, leaves the UIDs unknown.
            stored.add(new Stored(validity, validity == -1 ? -1 : given.get(i), false));
        }
        return stored;
    }

    /** The UIDs of an RFC 4315 uid-set such as {@code 7:9,12}, in its order. */
    static List<Long> uidSet(String set) {
        List<Long> uids = new ArrayList<>();
        for (String part : set.split(",")) {
            int colon = part.indexOf(':');
            long from = Long.parseLong(colon < 0 ? part : part.substring(0, colon));
            long to = colon < 0 ? from : Long.parseLong(part.substring(colon + 1));
            for (long uid = Math.min(from, to); uid <= Math.max(from, to); uid++) {
                uids.add(uid);
            }
        }
        return uids;
    }

    /** A refusal for quota as {@link Full}; any other failure as it came. */
    private static Full full(MessagingException e) throws MessagingException {
        if (overQuota(e)) {
            return new Full(e.getMessage());
        }
        throw e;
    }

    private static boolean overQuota(MessagingException e) {
        return String.valueOf(e.getMessage()).contains("OVERQUOTA");
    }

    /** The exact bytes of the message with {@code uid} in {@code folder} of {@code mailbox}, if it is there. */
    public Optional<byte[]> fetch(String mailbox, String folder, long uid) throws MessagingException {
        return withSession(mailbox, store -> {
            IMAPFolder source = (IMAPFolder) store.getFolder(folder);
            source.open(Folder.READ_ONLY);
            try {
                Message message = source.getMessageByUID(uid);
                if (message == null) {
                    return Optional.empty();
                }
                // BODY.PEEK[]: the message as stored, whole, and not marked read by being fetched.
                BODY body = (BODY) source.doCommand(p -> p.peekBody(message.getMessageNumber(), ""));
                return Optional.ofNullable(body).map(b -> b.getByteArrayInputStream().readAllBytes());
            } finally {
                source.close(false);
            }
        });
    }

    /**
     * A message held in a folder, as a listing needs it.
     *
     * @param uid       its UID in the folder
     * @param messageId its Message-ID header
     * @param seen      whether it was read, over IMAP, POP3 or REST
     * @param folder    the folder that holds it
     */
    public record Held(long uid, String messageId, boolean seen, String folder) {
    }

    /**
     * The messages of {@code mailbox} in every folder but the Trash, where a mail client puts what its owner deleted:
     * INBOX first, then the folders the owner made or moved messages to.
     */
    public List<Held> held(String mailbox) throws MessagingException {
        return withSession(mailbox, store -> {
            List<Held> held = new ArrayList<>();
            for (Folder candidate : folders(store)) {
                IMAPFolder folder = (IMAPFolder) candidate;
                if (List.of(folder.getAttributes()).contains("\\Trash")) {
                    continue;
                }
                folder.open(Folder.READ_ONLY);
                try {
                    Message[] all = folder.getMessages();
                    FetchProfile profile = new FetchProfile();
                    profile.add(UIDFolder.FetchProfileItem.UID);
                    profile.add(FetchProfile.Item.FLAGS);
                    profile.add("Message-ID");
                    folder.fetch(all, profile);
                    for (Message m : all) {
                        held.add(new Held(folder.getUID(m), ((MimeMessage) m).getMessageID(),
                                m.isSet(Flags.Flag.SEEN), folder.getFullName()));
                    }
                } finally {
                    folder.close(false);
                }
            }
            return held;
        });
    }

    /** How many bytes of its quota {@code mailbox} uses, as Dovecot's quota plugin counts them, every folder in. */
    public long used(String mailbox) throws MessagingException {
        return withSession(mailbox, store -> {
            for (Quota quota : store.getQuota("INBOX")) {
                for (Quota.Resource resource : quota.resources) {
                    if ("STORAGE".equalsIgnoreCase(resource.name)) {
                        // RFC 9208: STORAGE is counted in units of 1024 bytes.
                        return resource.usage * 1024;
                    }
                }
            }
            return 0L;
        });
    }

    /**
     * The exact bytes of the message of {@code mailbox} whose Message-ID is {@code messageId}, in whichever folder its
     * owner put it, fetched as a client reads it (it counts as read from now on), or peeked at ({@code BODY.PEEK}),
     * which leaves its read state as it was.
     */
    public Optional<byte[]> read(String mailbox, String messageId, boolean peek) throws MessagingException {
        return withMessage(mailbox, messageId, (folder, found) -> {
            int number = found[0].getMessageNumber();
            BODY body = (BODY) folder.doCommand(p -> peek ? p.peekBody(number, "") : p.fetchBody(number, ""));
            return body.getByteArrayInputStream().readAllBytes();
        });
    }

    /** Deletes the message of {@code mailbox} whose Message-ID is {@code messageId}; false when no folder holds it. */
    public boolean remove(String mailbox, String messageId) throws MessagingException {
        return withMessage(mailbox, messageId, (folder, found) -> {
            folder.setFlags(found, new Flags(Flags.Flag.DELETED), true);
            // UID EXPUNGE (UIDPLUS): only these, never what another client marked deleted.
            folder.expunge(found);
            return true;
        }).isPresent();
    }

    /** What is done to a message once found, in its folder opened for writing. */
    private interface FoundAction<T> {
        T apply(IMAPFolder folder, Message[] found) throws MessagingException;
    }

    /** Finds the message with {@code messageId} in the first folder that holds it and applies {@code action}. */
    private <T> Optional<T> withMessage(String mailbox, String messageId, FoundAction<T> action)
            throws MessagingException {
        return withSession(mailbox, store -> {
            for (Folder candidate : folders(store)) {
                IMAPFolder folder = (IMAPFolder) candidate;
                folder.open(Folder.READ_WRITE);
                try {
                    Message[] found = find(folder, messageId);
                    if (found.length > 0) {
                        return Optional.of(action.apply(folder, found));
                    }
                } finally {
                    if (folder.isOpen()) {
                        folder.close(false);
                    }
                }
            }
            return Optional.<T>empty();
        });
    }

    /** INBOX first, where deliveries go, then the folders the owner made or moved messages to. */
    private static List<Folder> folders(IMAPStore store) throws MessagingException {
        List<Folder> folders = new ArrayList<>(List.of(store.getFolder("INBOX")));
        for (Folder f : store.getDefaultFolder().list("*")) {
            if (!f.getFullName().equalsIgnoreCase("INBOX") && (f.getType() & Folder.HOLDS_MESSAGES) != 0) {
                folders.add(f);
            }
        }
        return folders;
    }

    /**
     * The folder's last {@link #APPEND_WINDOW} messages: where a copy appended before would be. A delivery retried
     * after a crash, or a client's own copy in Sent, was appended seconds earlier; a SEARCH HEADER over the whole
     * folder reads every message's headers, so an append would cost more the fuller the mailbox.
     */
    private static Message[] latest(IMAPFolder folder) throws MessagingException {
        int count = folder.getMessageCount();
        return count == 0 ? new Message[0] : folder.getMessages(Math.max(1, count - APPEND_WINDOW + 1), count);
    }

    private static Message[] find(IMAPFolder folder, String messageId) throws MessagingException {
        return find(folder, messageId, null);
    }

    /** The messages with {@code messageId} among {@code among} (null: the whole folder). */
    private static Message[] find(IMAPFolder folder, String messageId, Message[] among) throws MessagingException {
        if (among != null && among.length == 0) {
            return among;
        }
        HeaderTerm term = new HeaderTerm("Message-ID", messageId);
        // SEARCH HEADER matches a substring: keep only the exact Message-ID.
        return Arrays.stream(among == null ? folder.search(term) : folder.search(term, among))
                .filter(m -> {
                    try {
                        return messageId.equals(((MimeMessage) m).getMessageID());
                    } catch (MessagingException e) {
                        return false;
                    }
                }).toArray(Message[]::new);
    }

    private IMAPStore open(String mailbox) throws MessagingException {
        if (!settings.enabled()) {
            throw new IllegalStateException("sigillo.dovecot.host is not set: the mailboxes are not Dovecot's");
        }
        IMAPStore store = (IMAPStore) session.getStore("imaps");
        store.connect(settings.host(), settings.imapsPort(), mailbox + "*" + settings.masterUser(),
                settings.masterPassword());
        return store;
    }

    /**
     * A message as an IMAP literal, its bytes as they are: never re-encoded or re-folded. Bare line ends are left to
     * Dovecot, which stores and serves them as CRLF.
     */
    private record ExactLiteral(byte[] bytes) implements Literal {

        @Override
        public int size() {
            return bytes.length;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            out.write(bytes);
        }
    }
}
