package io.sigillo.auditlog.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillo.auditlog.AuditLogTestSupport;
import io.sigillo.auditlog.chain.LogSeals.Seal;
import io.sigillo.auditlog.signing.ProviderKey;
import io.sigillo.pec.testing.TestPki;
import io.sigillo.infra.MovableClock;
import io.sigillo.pec.event.BlobRef;
import io.sigillo.blob.BlobStore;
import io.sigillo.infra.PostgresAccess;
import io.sigillo.infra.SharedTestInfrastructure;
import io.sigillo.infra.TestTime;
import io.sigillo.pec.event.AuditEvent;
import io.sigillo.pec.event.AuditEventType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The log as compliance staff rely on it: chained per month, sealed with the provider's key, verifiable from the
 * admin API; a row changed or removed behind the service's back shows at that row; months older than 30 go whole.
 */
class TamperEvidentLogTest extends AuditLogTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    // Each test owns a month of its own, younger than the retention period and older than the current month, where
    // the service records what reaches it over Kafka; the retention test owns the 29th and 31st months back.
    private static final int CHANGED_ROW_MONTHS_AGO = 3;
    private static final int REMOVED_ROW_MONTHS_AGO = 5;
    private static final int REWRITTEN_CHAIN_MONTHS_AGO = 7;
    private static final int ROTATION_MONTHS_AGO = 9;
    private static final int APPEND_ONLY_MONTHS_AGO = 11;
    private static final int BATCH_MONTHS_AGO = 13;
    /** Three months in a row, the middle one dropped. */
    private static final int DROPPED_MONTH_MONTHS_AGO = 16;
    private static final int UNSIGNED_SEAL_MONTHS_AGO = 19;

    @LocalServerPort
    int port;

    @Autowired
    LogChain chain;

    @Autowired
    LogSeals seals;

    @Autowired
    LogRetention retention;

    @Autowired
    LogPartitions partitions;

    @Autowired
    LogVerification verification;

    @Autowired
    MovableClock clock;

    @Autowired
    BlobStore blobs;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    private static AuditEvent event(String detail, Instant at) {
        return new AuditEvent(AuditEvent.SCHEMA_VERSION, UUID.randomUUID().toString(),
                "opec." + UUID.randomUUID().toString().substring(0, 8) + "@pec.alpha.example", "<m@client.example>",
                AuditEventType.DELIVERED, "delivery-point-service", "pec.alpha.example", "alice@pec.alpha.example",
                List.of("bob@pec.alpha.example"), "Verbale", List.of(), detail, at);
    }

    /** Appends events recorded at {@code at} (a month of its own chain). */
    private List<AuditEvent> recordAt(Instant at, int count) {
        clock.set(at);
        List<AuditEvent> events = java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> event("step " + i, at)).toList();
        events.forEach(chain::append);
        clock.reset();
        return events;
    }

    /** The seal of a month holding one event, {@code monthsAgo}. */
    private Seal oneEventSealed(int monthsAgo) {
        Instant at = TestTime.monthsAgo(monthsAgo);
        recordAt(at, 1);
        seals.sealHeads();
        return seals.of(LogPartitions.monthOf(at)).get(0);
    }

    /** Changes a stored row as the database's superuser could (bypassing the log's triggers). */
    private void tamper(String sql) throws Exception {
        try (Connection c = owner(); Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica");
            s.execute(sql);
            s.execute("SET session_replication_role = DEFAULT");
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("compliance:compliance-secret"
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRowChangedInPostgresqlBreaksTheChainAtThatRow() throws Exception {
        Instant at = TestTime.monthsAgo(CHANGED_ROW_MONTHS_AGO);
        List<AuditEvent> events = recordAt(at, 5);
        seals.sealHeads();
        String month = YearMonth.from(at.atZone(ZoneOffset.UTC)).toString();
        assertThat(get("/admin/v1/log/verify?from=" + month + "&to=" + month).body()).contains("\"intact\":true")
                .contains("\"events\":5").contains("\"sealedUpTo\":5");

        tamper("UPDATE audit_events SET detail = 'nothing happened' WHERE event_id = '" + events.get(2).eventId() + "'");

        HttpResponse<String> report = get("/admin/v1/log/verify?from=" + month + "&to=" + month);
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.body()).contains("\"intact\":false").contains("\"chainSeq\":3")
                .contains("\"eventId\":\"" + events.get(2).eventId() + "\"").contains("was changed");
    }

    @Test
    void aBatchIsChainedInItsOrderWithEachEventOnceAndVerifies() throws Exception {
        Instant at = TestTime.monthsAgo(BATCH_MONTHS_AGO);
        AuditEvent first = event("first", at);
        AuditEvent second = event("second", at);
        AuditEvent third = event("third", at);
        AuditEvent fourth = event("fourth", at);
        clock.set(at);

        // A batch with an event twice, then a redelivery overlapping it.
        assertThat(chain.appendAll(List.of(first, second, first, third))).isEqualTo(3);
        assertThat(chain.appendAll(List.of(second, fourth))).isEqualTo(1);
        assertThat(chain.appendAll(List.of(third))).isZero();
        clock.reset();

        LocalDate month = LocalDate.from(YearMonth.from(at.atZone(ZoneOffset.UTC)).atDay(1));
        assertThat(chain.eventIds(month)).containsExactly(first.eventId(), second.eventId(), third.eventId(),
                fourth.eventId());
        String m = YearMonth.from(month).toString();
        assertThat(get("/admin/v1/log/verify?from=" + m + "&to=" + m).body()).contains("\"intact\":true")
                .contains("\"events\":4");
    }

    @Test
    void anEventRemovedFromTheEndOfAMonthIsNoticed() throws Exception {
        Instant at = TestTime.monthsAgo(REMOVED_ROW_MONTHS_AGO);
        List<AuditEvent> events = recordAt(at, 3);

        tamper("DELETE FROM audit_events WHERE event_id = '" + events.get(2).eventId() + "'");

        LocalDate month = LogPartitions.monthOf(at);
        LogVerification.Report report = verification.verify(month, month);
        assertThat(report.intact()).isFalse();
        assertThat(report.firstBrokenLink().chainSeq()).isEqualTo(3);
        assertThat(report.firstBrokenLink().reason()).contains("removed");
    }

    @Test
    void aChainRewrittenWithFreshHashesStillFailsAgainstItsSeal() throws Exception {
        Instant at = TestTime.monthsAgo(REWRITTEN_CHAIN_MONTHS_AGO);
        List<AuditEvent> events = recordAt(at, 2);
        seals.sealHeads();
        LocalDate month = LogPartitions.monthOf(at);
        // Someone rewrites the last event and recomputes its hash and the head consistently.
        LogVerification.Report before = verification.verify(month, month);
        assertThat(before.intact()).isTrue();
        tamper("UPDATE audit_events SET hash = repeat('0', 64) WHERE event_id = '" + events.get(1).eventId() + "'");
        tamper("UPDATE chain_heads SET hash = repeat('0', 64) WHERE month = '" + month + "'");

        LogVerification.Report after = verification.verify(month, month);
        assertThat(after.intact()).isFalse();
        assertThat(after.firstBrokenLink().chainSeq()).isEqualTo(2);
    }

    @Test
    void sealsMadeBeforeAKeyRotationVerifyOnlyWhileTheRetiredCertificateIsConfigured() throws Exception {
        Seal sealedByAlpha = oneEventSealed(ROTATION_MONTHS_AGO);
        Map<Long, String> chain = Map.of(sealedByAlpha.chainSeq(), sealedByAlpha.headHash());
        Path pki = TestPki.get().dir();
        // The provider now signs with a new key (beta's, here); alpha's certificate is retired.
        ProviderKey rotated = new ProviderKey(pki.resolve("pec.beta.example.p12").toString(), "sigillo-demo", "",
                pki.resolve("pec.alpha.example.pem").toString(), "Alpha PEC S.p.A.", "pec.alpha.example", clock);
        ProviderKey rotatedAndForgotten = new ProviderKey(pki.resolve("pec.beta.example.p12").toString(),
                "sigillo-demo", "", "", "Alpha PEC S.p.A.", "pec.alpha.example", clock);

        assertThat(new LogSeals(jdbc, clock, rotated).check(sealedByAlpha, chain)).isEmpty();
        assertThat(new LogSeals(jdbc, clock, rotatedAndForgotten).check(sealedByAlpha, chain))
                .hasValueSatisfying(reason -> assertThat(reason).contains("signed by another key"));
    }

    @Test
    void aSealWithoutSignatureOrCheckedWithoutAnyKeyOfOursIsABrokenLink() throws Exception {
        Seal sealed = oneEventSealed(UNSIGNED_SEAL_MONTHS_AGO);
        Map<Long, String> chain = Map.of(sealed.chainSeq(), sealed.headHash());
        byte[] noSigner = new org.bouncycastle.cms.CMSSignedDataGenerator().generate(
                new org.bouncycastle.cms.CMSProcessableByteArray(new byte[0]), false).getEncoded();
        Seal unsigned = new Seal(sealed.month(), sealed.chainSeq(), sealed.headHash(), sealed.sealedAt(),
                sealed.signer(), noSigner);
        ProviderKey none = new ProviderKey("", "", "", "", "Alpha PEC S.p.A.", "pec.alpha.example", clock);

        assertThat(seals.check(sealed, chain)).isEmpty();
        assertThat(seals.check(unsigned, chain)).hasValueSatisfying(reason ->
                assertThat(reason).contains("no signature"));
        assertThat(new LogSeals(jdbc, clock, none).check(sealed, chain)).hasValueSatisfying(reason ->
                assertThat(reason).contains("signed by another key"));
    }

    @Test
    void aMonthDroppedWholeBetweenTwoOthersBreaksTheChain() throws Exception {
        LocalDate before = LogPartitions.monthOf(recordAt(TestTime.monthsAgo(DROPPED_MONTH_MONTHS_AGO + 1), 1)
                .get(0).occurredAt());
        LocalDate dropped = LogPartitions.monthOf(recordAt(TestTime.monthsAgo(DROPPED_MONTH_MONTHS_AGO), 2)
                .get(0).occurredAt());
        LocalDate after = LogPartitions.monthOf(recordAt(TestTime.monthsAgo(DROPPED_MONTH_MONTHS_AGO - 1), 1)
                .get(0).occurredAt());
        assertThat(List.of(dropped, after)).containsExactly(before.plusMonths(1), before.plusMonths(2));
        seals.sealHeads();
        assertThat(verification.verify(before, after).intact()).isTrue();

        // Someone with database rights removes the month with its head and seals, as retention would.
        partitions.drop(dropped);

        LogVerification.Report report = verification.verify(before, after);
        assertThat(report.intact()).isFalse();
        assertThat(report.firstBrokenLink().month()).isEqualTo(dropped);
        assertThat(report.firstBrokenLink().reason()).contains("no event is logged").contains("removed");
        assertThat(report.months()).extracting(LogVerification.MonthReport::month)
                .containsExactly(before, dropped, after);
        assertThat(verification.verify(before, before).intact()).as("each month alone still verifies").isTrue();
    }

    @Test
    void retentionDropsWholeMonthsOlderThanThirtyMonthsAndKeepsTheRestVerifiable() throws Exception {
        // The tests' present, so the months other tests write in (all younger than 30 months) stay.
        Instant now = TestTime.start();
        Instant thirtyOneMonthsAgo = TestTime.monthsAgo(31);
        Instant twentyNineMonthsAgo = TestTime.monthsAgo(29);
        recordAt(thirtyOneMonthsAgo, 2);
        List<AuditEvent> kept = recordAt(twentyNineMonthsAgo, 2);
        // Bodies stored then, that nothing references any more (an arrival that was junk, say).
        clock.set(thirtyOneMonthsAgo);
        BlobRef oldBody = blobs.put(("old " + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII));
        clock.set(twentyNineMonthsAgo);
        BlobRef youngBody = blobs.put(("young " + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII));
        clock.reset();
        LocalDate oldMonth = LogPartitions.monthOf(thirtyOneMonthsAgo);
        LocalDate keptMonth = LogPartitions.monthOf(twentyNineMonthsAgo);
        seals.sealHeads();

        clock.set(now);
        List<LocalDate> dropped = retention.maintain();

        assertThat(dropped).contains(oldMonth).doesNotContain(keptMonth);
        LocalDate current = LogPartitions.monthOf(now);
        assertThat(partitions.months()).doesNotContain(oldMonth).contains(keptMonth, current,
                current.plusMonths(1), current.plusMonths(2));
        assertThat(chain.eventIds(oldMonth)).isEmpty();
        assertThat(chain.eventIds(keptMonth)).containsExactly(kept.get(0).eventId(), kept.get(1).eventId());
        LogVerification.Report report = verification.verify(keptMonth, keptMonth);
        assertThat(report.intact()).isTrue();
        assertThat(report.months()).singleElement().satisfies(m -> assertThat(m.sealedUpTo()).isEqualTo(2));
        // As the service's own role, which may not delete a body itself: the blob store's function does.
        assertThat(blobs.contains(oldBody)).as("a body older than 30 months that nothing references").isFalse();
        assertThat(blobs.contains(youngBody)).isTrue();
    }

    @Test
    void theServicesRoleMayReadAndAppendButChangeNothing() throws Exception {
        Instant at = TestTime.monthsAgo(APPEND_ONLY_MONTHS_AGO);
        List<AuditEvent> events = recordAt(at, 1);
        seals.sealHeads();
        String month = LogPartitions.monthOf(at).toString();

        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            assertThat(c.getMetaData().getUserName()).isEqualTo(WRITER_ROLE);
            for (String change : List.of(
                    "UPDATE audit_events SET detail = 'x' WHERE event_id = '" + events.get(0).eventId() + "'",
                    "DELETE FROM audit_events WHERE event_id = '" + events.get(0).eventId() + "'",
                    "DELETE FROM seals WHERE month = '" + month + "'",
                    "DELETE FROM chain_heads WHERE month = '" + month + "'",
                    "UPDATE audit_event_ids SET month = '2000-01-01'",
                    "DELETE FROM issued_messages",
                    "TRUNCATE audit_events",
                    "DROP TABLE audit_events_" + month.substring(0, 7).replace('-', '_'),
                    "CREATE TABLE audit_events_fake (x int)")) {
                assertThatThrownBy(() -> s.execute(change)).as(change)
                        .hasMessageMatching("(?s).*(permission denied|must be owner).*");
            }
        }
        assertThat(jdbc.sql("SELECT count(*) FROM audit_events WHERE event_id = ?").param(events.get(0).eventId())
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void evenTheOwnerCannotRewriteARowOfTheLog() throws Exception {
        Instant at = TestTime.monthsAgo(APPEND_ONLY_MONTHS_AGO + 1);
        List<AuditEvent> events = recordAt(at, 2);
        seals.sealHeads();
        String month = LogPartitions.monthOf(at).toString();

        try (Connection c = owner(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("UPDATE audit_events SET detail = 'x' WHERE event_id = '"
                    + events.get(0).eventId() + "'")).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.execute("DELETE FROM audit_events WHERE event_id = '"
                    + events.get(0).eventId() + "'")).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.execute("DELETE FROM seals WHERE month = '" + month + "'"))
                    .hasMessageContaining("seals is part of the log: DELETE refused");
            assertThatThrownBy(() -> s.execute("UPDATE chain_heads SET chain_seq = 0 WHERE month = '" + month + "'"))
                    .hasMessageContaining("only moves forward");
            assertThatThrownBy(() -> s.execute("DELETE FROM audit_event_ids WHERE month = '" + month + "'"))
                    .hasMessageContaining("audit_event_ids is part of the log");
            for (String table : List.of("audit_events", "audit_event_ids", "chain_heads", "seals",
                    "issued_messages")) {
                assertThatThrownBy(() -> s.execute("TRUNCATE " + table)).hasMessageContaining("TRUNCATE refused");
            }
        }
        LocalDate day = LogPartitions.monthOf(at);
        assertThat(verification.verify(day, day).intact()).isTrue();
    }

    @Test
    void refusesToVerifyMonthsOutsideTheYears1970To9999AsAProblem() throws Exception {
        for (String query : List.of("from=%2B999999999-12", "to=%2B999999999-12", "from=-999999999-01",
                "to=1969-12", "from=%2B10000-01")) {
            HttpResponse<String> answer = get("/admin/v1/log/verify?" + query);
            assertThat(answer.statusCode()).as(query + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("application/problem+json");
            assertThat(answer.body()).contains("\"parameter\":\"" + query.substring(0, query.indexOf('=')) + "\"")
                    .contains("must be a month from 1970-01 to 9999-12");
        }
        assertThat(get("/admin/v1/log/verify?from=1970-01&to=1970-01").statusCode()).isEqualTo(200);
    }

    /** A connection as the role that owns the log's tables, which Flyway migrated with. */
    private static Connection owner() throws Exception {
        PostgresAccess postgres = SharedTestInfrastructure.postgres();
        return DriverManager.getConnection(postgres.jdbcUrl("audit"), postgres.username(), postgres.password());
    }
}
