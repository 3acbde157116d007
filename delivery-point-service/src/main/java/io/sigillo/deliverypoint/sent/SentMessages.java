package io.sigillo.deliverypoint.sent;

import io.sigillo.deliverypoint.mailbox.MailboxSearch;
import io.sigillo.pec.format.PecHeaders;
import io.sigillo.pec.format.PecType;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The messages an owner sent, as the receipts in their mailbox prove them: each opened by its acceptance (or
 * non-acceptance), followed by the receipts and notices that refer to the same original Message-ID. The delivery
 * point's ledger holds them all, whichever way the mailbox is kept.
 */
@Repository
public class SentMessages {

    private static final String COLUMNS = "id, received_at, pec_type, riferimento_message_id, concerning, "
            + "external_recipients, original_subject, subject";
    private static final String OPENS = "pec_type IN ('accettazione', 'non-accettazione')";

    private final JdbcClient jdbc;

    public SentMessages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One receipt's row of the ledger. */
    private record Row(UUID id, Instant receivedAt, PecType type, String reference, List<String> concerning,
            List<String> external, String originalSubject, String subject) {

        static Row of(ResultSet rs, int n) throws SQLException {
            return new Row(rs.getObject(1, UUID.class), rs.getObject(2, OffsetDateTime.class).toInstant(),
                    PecType.fromHeader(PecHeaders.X_RICEVUTA, rs.getString(3)).orElse(null), rs.getString(4),
                    texts(rs.getArray(5)), texts(rs.getArray(6)), rs.getString(7), rs.getString(8));
        }

        private static List<String> texts(Array array) throws SQLException {
            return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
        }
    }

    /** The sent messages a search matches: its parts left out match everything. */
    private static final String MATCHING = """
             AND (CAST(:to AS text) IS NULL OR EXISTS (SELECT 1 FROM unnest(concerning) AS c (address)
                 WHERE c.address ILIKE :to))
             AND (CAST(:subject AS text) IS NULL OR coalesce(original_subject, subject) ILIKE :subject)
             AND (CAST(:since AS timestamptz) IS NULL OR received_at >= :since)
             AND (CAST(:until AS timestamptz) IS NULL OR received_at < :until)""";

    /** Page {@code page} (from 0) of the owner's sent messages that {@code search} matches, newest first. */
    public List<SentMessage> page(String mailbox, MailboxSearch search, int page, int size) {
        List<Row> opening = matching(jdbc.sql("SELECT " + COLUMNS + " FROM mailbox_messages WHERE mailbox = :mailbox"
                        + " AND " + OPENS + MATCHING + " ORDER BY received_at DESC, id LIMIT :size OFFSET :offset"),
                mailbox, search)
                .param("size", size).param("offset", (long) page * size).query(Row::of).list();
        Map<String, List<Row>> steps = steps(mailbox, opening.stream().map(Row::reference).toList());
        return opening.stream().map(o -> followed(o, steps.getOrDefault(o.reference(), List.of()))).toList();
    }

    /** How many of the messages the owner sent {@code search} matches, as the mailbox holds their acceptances. */
    public long count(String mailbox, MailboxSearch search) {
        return matching(jdbc.sql("SELECT count(*) FROM mailbox_messages WHERE mailbox = :mailbox AND " + OPENS
                + MATCHING), mailbox, search).query(Long.class).single();
    }

    private static JdbcClient.StatementSpec matching(JdbcClient.StatementSpec statement, String mailbox,
            MailboxSearch search) {
        return statement.param("mailbox", mailbox)
                .param("to", MailboxSearch.anywhere(search.to()))
                .param("subject", MailboxSearch.anywhere(search.subject()))
                .param("since", search.since() == null ? null : Timestamp.from(search.since()))
                .param("until", search.until() == null ? null : Timestamp.from(search.until()));
    }

    /** The sent message whose acceptance is {@code id}, with all its receipts; empty for any other id. */
    public Optional<SentTimeline> timeline(String mailbox, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM mailbox_messages WHERE mailbox = ? AND id = ? AND " + OPENS)
                .params(mailbox, id).query(Row::of).optional()
                .map(opening -> {
                    List<Row> steps = steps(mailbox, List.of(opening.reference())).getOrDefault(opening.reference(),
                            List.of(opening));
                    return new SentTimeline(followed(opening, steps), steps.stream()
                            .map(s -> new SentTimeline.Step(s.id(), s.type().headerValue(), s.receivedAt(),
                                    s.concerning(), s.subject()))
                            .toList());
                });
    }

    /** The receipts and notices that refer to each of {@code references}, in the order they arrived. */
    private Map<String, List<Row>> steps(String mailbox, List<String> references) {
        List<String> named = references.stream().filter(r -> r != null).distinct().toList();
        if (named.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM mailbox_messages WHERE mailbox = ? "
                        + "AND riferimento_message_id = ANY (?) ORDER BY received_at, id")
                .params(mailbox, named.toArray(String[]::new)).query(Row::of).list().stream()
                .filter(row -> row.type() != null)
                .collect(Collectors.groupingBy(Row::reference, LinkedHashMap::new, Collectors.toList()));
    }

    /** Where each recipient of {@code opening} stands after {@code steps}, the receipts in the order they came. */
    private static SentMessage followed(Row opening, List<Row> steps) {
        boolean refused = opening.type() == PecType.NON_ACCEPTANCE;
        Set<String> external = opening.external().stream().map(SentMessages::key).collect(Collectors.toSet());
        Map<String, SentMessage.RecipientProgress> recipients = new LinkedHashMap<>();
        for (String address : opening.concerning()) {
            boolean certified = !external.contains(key(address));
            Progress start = refused ? Progress.REFUSED
                    : certified ? Progress.ACCEPTED : Progress.SENT_AS_ORDINARY_MAIL;
            recipients.putIfAbsent(key(address), new SentMessage.RecipientProgress(address, certified, start,
                    opening.receivedAt(), opening.id()));
        }
        for (Row step : steps) {
            Optional<Progress> next = Progress.after(step.type());
            if (next.isEmpty()) {
                continue;
            }
            for (String address : step.concerning()) {
                SentMessage.RecipientProgress now = recipients.get(key(address));
                if (now != null && now.progress().movesTo(next.get())) {
                    recipients.put(key(address), new SentMessage.RecipientProgress(now.address(), now.certified(),
                            next.get(), step.receivedAt(), step.id()));
                }
            }
        }
        String subject = opening.originalSubject() != null ? opening.originalSubject() : opening.subject();
        return new SentMessage(opening.id(), opening.reference(), opening.receivedAt(), subject, refused,
                List.copyOf(recipients.values()));
    }

    private static String key(String address) {
        return address.toLowerCase(Locale.ROOT);
    }
}
