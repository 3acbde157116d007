package io.sigillo.bench.load;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chaos run: alice sends messages to bob (her own provider) and carol (the other one) at a steady rate while
 * each service of both providers is killed with SIGKILL in turn and started again, then each Kafka broker and
 * PostgreSQL are restarted. Submissions are carried through with an Idempotency-Key. Once the platform is quiet,
 * {@link ChaosLedger} counts what every accepted message got. Prints the counts, writes them as JSON, and exits
 * with 1 when a message was lost or something happened twice. Too slow for CI: run by hand
 * ({@code benchmarks/run chaos}).
 */
public final class ChaosRun {

    private static final List<String> RECIPIENTS = List.of("bob@pec.alpha.example", "carol@pec.beta.example");
    private static final List<String> SERVICES = List.of("access-point", "delivery-point", "audit-log", "receipt",
            "incoming-point");

    private final Path data;
    private final double rate;
    private final int minimum;
    private final Duration pause;
    private final Path out;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ChaosRun(Path data, double rate, int minimum, Duration pause, Path out, Clock clock) {
        this.data = data;
        this.rate = rate;
        this.minimum = minimum;
        this.pause = pause;
        this.out = out;
        this.clock = clock;
    }

    /** {@code ChaosRun [--data DIR] [--rate MSG_PER_S] [--messages MIN] [--pause SECONDS] [--out DIR]}. */
    public static void main(String[] args) throws Exception {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            given.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        boolean passed;
        try {
            // A command-line program comparing wall time with rows the services date: its clock is the system's.
            passed = new ChaosRun(Path.of(given.getOrDefault("data", "data")),
                    Double.parseDouble(given.getOrDefault("rate", "1")),
                    Integer.parseInt(given.getOrDefault("messages", "300")),
                    Duration.ofSeconds(Long.parseLong(given.getOrDefault("pause", "10"))),
                    Path.of(given.getOrDefault("out", "benchmarks/target/chaos")), Clock.systemUTC()).run();
        } catch (Exception e) {
            e.printStackTrace();
            // The submitting threads would keep the run alive.
            System.exit(2);
            return;
        }
        System.exit(passed ? 0 : 1);
    }

    private boolean run() throws Exception {
        Platform platform = Platform.at(data);
        platform.awaitUp(http, Duration.ofMinutes(10));
        Instant since = clock.instant().minusSeconds(1);
        Submissions submissions = new Submissions(http, clock, 10 * 1024, 10 * 1024);
        List<Map<String, Object>> faults = new ArrayList<>();
        AtomicBoolean faultsDone = new AtomicBoolean();
        try (Faults inflict = new Faults(data, http)) {
            CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
                try {
                    submissions.persistent(RECIPIENTS, rate, () -> !faultsDone.get()
                            || submissions.accepted().size() + submissions.givenUp() < minimum,
                            Duration.ofMinutes(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                TimeUnit.SECONDS.sleep(pause.toSeconds());
                for (String provider : List.of("alpha", "beta")) {
                    for (int s = 0; s < SERVICES.size(); s++) {
                        int port = (provider.equals("alpha") ? 8081 : 8091) + s;
                        String label = provider + " " + SERVICES.get(s);
                        faults.add(fault("kill -9 " + label, inflict.killAndRestart(label, port)));
                        TimeUnit.SECONDS.sleep(pause.toSeconds());
                    }
                }
                for (boolean alpha : List.of(true, false)) {
                    faults.add(fault("restart Kafka of " + (alpha ? "alpha" : "beta"), inflict.restartKafka(alpha)));
                    TimeUnit.SECONDS.sleep(pause.toSeconds());
                }
                faults.add(fault("restart PostgreSQL (immediate)", inflict.restartPostgres()));
                TimeUnit.SECONDS.sleep(pause.toSeconds());
            } finally {
                faultsDone.set(true);
            }
            load.join();
            System.out.println("==> load ended: " + submissions.accepted().size() + " accepted; waiting for every "
                    + "receipt");
            return report(platform, submissions, since, faults);
        }
    }

    private static Map<String, Object> fault(String what, Duration until) {
        System.out.printf("    %-44s back in %5.1f s%n", what, until.toMillis() / 1000.0);
        Map<String, Object> fault = new LinkedHashMap<>();
        fault.put("fault", what);
        fault.put("secondsUntilBack", until.toMillis() / 1000.0);
        return fault;
    }

    private boolean report(Platform platform, Submissions submissions, Instant since, List<Map<String, Object>> faults)
            throws Exception {
        Map<String, Submissions.Submitted> accepted = submissions.accepted();
        Set<String> originals = accepted.values().stream().map(Submissions.Submitted::originalMessageId)
                .collect(Collectors.toSet());
        Map<String, Object> report = new LinkedHashMap<>();
        try (Connection alpha = platform.database(true); Connection beta = platform.database(false)) {
            ChaosLedger ledger = new ChaosLedger(alpha, beta);
            Map<String, Map<String, Integer>> counts = awaitQuiet(ledger, originals, since);
            Map<String, Integer> missing = new LinkedHashMap<>();
            Map<String, Integer> twice = new LinkedHashMap<>();
            counts.values().forEach(c -> c.forEach((what, n) -> {
                missing.merge(what, n == 0 ? 1 : 0, Integer::sum);
                twice.merge(what, n > 1 ? 1 : 0, Integer::sum);
            }));
            long complete = counts.values().stream().filter(c -> c.values().stream().allMatch(n -> n == 1)).count();
            int acceptedTwice = ledger.acceptedUnknown(originals, since);
            Map<String, long[]> alphaLog = ChaosLedger.logSteps(alpha, accepted.keySet());
            Map<String, long[]> betaLog = ChaosLedger.logSteps(beta, accepted.keySet());
            Map<String, Long> alphaMissing = ChaosLedger.missingSteps(alphaLog, ChaosLedger.ALPHA_STEPS,
                    accepted.size());
            Map<String, Long> betaMissing = ChaosLedger.missingSteps(betaLog, ChaosLedger.BETA_STEPS, accepted.size());
            Map<String, Long> deadLetters = new TreeMap<>();
            deadLetters.putAll(ChaosLedger.deadLetters(platform.kafka(true)));
            ChaosLedger.deadLetters(platform.kafka(false)).forEach((t, n) -> deadLetters.merge("beta " + t, n,
                    Long::sum));
            boolean alphaIntact = ChaosLedger.logIntact(http, 8083);
            boolean betaIntact = ChaosLedger.logIntact(http, 8093);

            report.put("faults", faults);
            report.put("accepted", accepted.size());
            report.put("refusedByStatus", submissions.refused());
            report.put("retriedRequests", submissions.retries());
            report.put("givenUp", submissions.givenUp());
            report.put("complete", complete);
            report.put("missing", missing);
            report.put("twice", twice);
            report.put("acceptedTwice", acceptedTwice);
            report.put("alphaLogEventsAndRepeats", steps(alphaLog));
            report.put("betaLogEventsAndRepeats", steps(betaLog));
            report.put("alphaLogStepsMissing", alphaMissing);
            report.put("betaLogStepsMissing", betaMissing);
            report.put("alphaLogIntact", alphaIntact);
            report.put("betaLogIntact", betaIntact);
            report.put("deadLetters", deadLetters);
            boolean passed = complete == accepted.size() && acceptedTwice == 0 && submissions.givenUp() == 0
                    && ChaosLedger.repeatedSteps(alphaLog) == 0 && ChaosLedger.repeatedSteps(betaLog) == 0
                    && alphaMissing.isEmpty() && betaMissing.isEmpty()
                    && alphaIntact && betaIntact && deadLetters.values().stream().allMatch(n -> n == 0);
            report.put("passed", passed);
            JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
            Files.createDirectories(out);
            Path file = out.resolve("chaos-" + clock.instant().toString().replace(':', '-') + ".json");
            json.writeValue(file.toFile(), report);
            System.out.println(json.writeValueAsString(report));
            System.out.println("==> " + (passed ? "CHAOS RUN PASSED" : "CHAOS RUN FAILED") + " (written " + file + ")");
            return passed;
        }
    }

    /**
     * Waits until every message has all it must have, or nothing has changed for five minutes; then until no
     * hand-over waits in an outbox (a relay killed between handing a receipt over and logging it hands it over again
     * and logs it once its lease of five minutes ends).
     */
    private static Map<String, Map<String, Integer>> awaitQuiet(ChaosLedger ledger, Set<String> originals,
            Instant since) throws Exception {
        Map<String, Map<String, Integer>> counts = ledger.perMessage(originals, since);
        long lastChange = System.nanoTime();
        while (!counts.values().stream().allMatch(c -> c.values().stream().allMatch(n -> n >= 1))
                && System.nanoTime() - lastChange < TimeUnit.MINUTES.toNanos(5)) {
            TimeUnit.SECONDS.sleep(5);
            Map<String, Map<String, Integer>> now = ledger.perMessage(originals, since);
            if (!now.equals(counts)) {
                lastChange = System.nanoTime();
                counts = now;
            }
        }
        long handOversDue = System.nanoTime() + TimeUnit.MINUTES.toNanos(7);
        while (ledger.pendingHandOvers() > 0 && System.nanoTime() < handOversDue) {
            TimeUnit.SECONDS.sleep(5);
        }
        // Anything that would arrive twice arrives within moments of the first copy.
        TimeUnit.SECONDS.sleep(10);
        return ledger.perMessage(originals, since);
    }

    private static Map<String, String> steps(Map<String, long[]> log) {
        Map<String, String> steps = new TreeMap<>();
        log.forEach((type, n) -> steps.put(type, n[0] + (n[1] > 0 ? " (" + n[1] + " repeated)" : "")));
        return steps;
    }
}
