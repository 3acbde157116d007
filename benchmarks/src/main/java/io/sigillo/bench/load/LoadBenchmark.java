package io.sigillo.bench.load;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The end-to-end load generator: against a running local platform (benchmarks/run starts one with the images' JVM
 * settings), alice submits messages over REST or SMTP to bob (same provider) and to carol (the other provider), while
 * mail clients may read their INBOX over IMAP; it reports
 * what was accepted, completed, lost and duplicated, throughput, CPU per message per process, latency percentiles
 * submit → delivery receipt stored, latency against offered load, idle CPU and the RSA signing bound of the
 * machine, and draws the plots docs/performance.md shows.
 */
public final class LoadBenchmark {

    /** The routes: who alice writes to. */
    static final Map<String, String> ROUTES = Map.of(
            "same", "bob@pec.alpha.example",
            "two", "carol@pec.beta.example");

    /** How a route is named in the plots. */
    static String title(String route) {
        return route.equals("same") ? "same provider" : route.equals("two") ? "two providers" : route;
    }

    private static final List<String> PROVIDERS = List.of("pec.alpha.example", "pec.beta.example");

    private final LoadOptions options;
    private final Clock clock;
    private final Platform platform;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final MailClients mailClients;

    private LoadBenchmark(LoadOptions options, Clock clock) throws Exception {
        this.options = options;
        this.clock = clock;
        this.platform = Platform.at(options.data());
        this.mailClients = new MailClients(platform.pki().resolve("ca.pem"));
        if (!List.of("rest", "smtp").contains(options.via())) {
            throw new IllegalArgumentException("--via is rest or smtp\n" + LoadOptions.USAGE);
        }
    }

    /** {@code LoadBenchmark [options]}: see {@link LoadOptions#USAGE}. */
    public static void main(String[] args) throws Exception {
        LoadOptions options = LoadOptions.parse(args);
        // A command-line program measuring wall time against rows the services date: its clock is the system's.
        new LoadBenchmark(options, Clock.systemUTC()).run();
    }

    private void run() throws Exception {
        platform.awaitUp(http, Duration.ofMinutes(5));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("options", options);
        report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "java", System.getProperty("java.version")));
        report.put("memoryMiBAtStart", PlatformProcesses.memoryMebibytes());
        List<Plots.Point> points = new ArrayList<>();
        Map<String, Map<String, Double>> cpuPerMessage = new TreeMap<>();
        try (Connection alpha = platform.database(true); Connection beta = platform.database(false)) {
            Completions completions = new Completions(alpha);
            for (String route : options.routes()) {
                Map<String, Object> result = route(route, completions, List.of(alpha, beta), points);
                @SuppressWarnings("unchecked")
                Map<String, Double> cpu = (Map<String, Double>) result.get("cpuMsPerMessage");
                cpuPerMessage.put(route, cpu);
                report.put(route, result);
            }
        }
        say("idle", "the load's tail for " + options.settleSeconds() + " s, then the platform's own CPU for "
                + options.idleSeconds() + " s");
        report.put("loadTailCpuPercentOfAllCores", total(cpuPercentOver(options.settleSeconds())));
        Map<String, Double> idle = cpuPercentOver(options.idleSeconds());
        report.put("idleCpuPercentOfAllCores", total(idle));
        // Which process keeps an idle platform busy: a JVM's housekeeping, a broker, a periodic job.
        report.put("idleCpuPercentOfAllCoresByProcess", idle);
        report.put("memoryMiBAtEnd", PlatformProcesses.memoryMebibytes());
        Map<String, Double> rates = SigningBound.measure(platform.pki(), PROVIDERS, 5);
        report.put("signaturesPerSecondAllCores", rates);
        for (String route : options.routes()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) report.get(route);
            @SuppressWarnings("unchecked")
            Map<String, Double> signatures = (Map<String, Double>) result.get("signaturesPerMessage");
            double bound = SigningBound.messagesPerSecond(rates, signatures);
            result.put("signingBoundMessagesPerSecond", bound);
            result.put("throughputOverSigningBound", (Double) result.get("messagesPerSecond") / bound);
        }
        Files.createDirectories(options.out());
        JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        Path file = options.out().resolve("load-" + clock.instant().toString().replace(':', '-') + ".json");
        json.writeValue(file.toFile(), report);
        Plots.latencyAgainstLoad(points, options.out().resolve("latency-vs-offered-load.png"));
        Plots.cpuPerMessage(cpuPerMessage, options.out().resolve("cpu-per-message.png"));
        System.out.println(json.writeValueAsString(report));
        System.out.println("==> Written " + file + " and the plots in " + options.out());
    }

    private Map<String, Object> route(String route, Completions completions, List<Connection> logs,
            List<Plots.Point> points) throws Exception {
        String recipient = ROUTES.get(route);
        Map<String, Object> result = new LinkedHashMap<>();
        say(route, "warm-up: " + options.warmup() + " messages");
        batch(recipient, options.warmup(), completions, null);
        Duration drained = new Backlogs(List.of(platform.kafka(true), platform.kafka(false)))
                .awaitDrained(Duration.ofMinutes(10));
        say(route, "the warm-up's backlog drained in " + drained.toSeconds() + " s after its last receipt");
        result.put("warmupBacklogDrainSeconds", drained.toMillis() / 1000.0);

        say(route, "one message at a time: " + options.alone());
        Map<String, Submissions.Submitted> aloneSubmitted = new TreeMap<>();
        Map<String, Completions.Outcome> aloneOutcomes = new TreeMap<>();
        for (int i = 0; i < options.alone(); i++) {
            Batch one = batch(recipient, 1, completions, null);
            aloneSubmitted.putAll(one.submitted());
            aloneOutcomes.putAll(one.outcomes());
        }
        result.put("alone", Latencies.of(aloneSubmitted, aloneOutcomes));

        String load = options.rate() > 0 ? "open loop at " + options.rate() + " msg/s"
                : "closed loop, " + options.concurrency() + " clients";
        say(route, options.messages() + " messages, " + load);
        List<MailClients.Reader> readers = new ArrayList<>();
        for (int i = 0; i < options.imapReaders(); i++) {
            boolean alpha = route.equals("same");
            MailClients.Reader reader = mailClients.new Reader(recipient, alpha ? "bob-demo" : "carol-demo",
                    alpha ? MailClients.ALPHA_IMAPS_PORT : MailClients.BETA_IMAPS_PORT);
            readers.add(reader);
            new Thread(reader, "imap-reader-" + i).start();
        }
        ConsumerThreads consumers = ConsumerThreads.start(platform.peers());
        PostgresStatements postgres = PostgresStatements.start(logs.get(0));
        Map<String, Double> cpuBefore = PlatformProcesses.cpuSeconds();
        Map<String, Double> compilingBefore = PlatformProcesses.compilerCpuSeconds();
        MachineCpu machineBefore = MachineCpu.now();
        Batch measured = batch(recipient, options.messages(), completions, options.rate() > 0 ? options.rate() : null);
        Map<String, Double> cpu = PlatformProcesses.between(cpuBefore, PlatformProcesses.cpuSeconds());
        Map<String, Double> compiling = PlatformProcesses.between(compilingBefore,
                PlatformProcesses.compilerCpuSeconds());
        MachineCpu machineAfter = MachineCpu.now();
        consumers.close();
        readers.forEach(MailClients.Reader::stop);
        result.put("via", options.via());
        result.put("imapReaders", readers.stream().map(MailClients.Reader::report).toList());
        int completed = measured.outcomes().size();
        Instant first = measured.submitted().values().stream().map(Submissions.Submitted::at).min(Instant::compareTo)
                .orElseThrow();
        Instant last = measured.outcomes().values().stream().map(Completions.Outcome::firstStoredAt)
                .max(Instant::compareTo).orElse(first);
        double seconds = Duration.between(first, last).toNanos() / 1e9;
        result.put("load", load);
        result.put("accepted", measured.submitted().size());
        result.put("refused", measured.refused());
        result.put("completed", completed);
        result.put("lost", measured.submitted().size() - completed);
        result.put("duplicated", measured.outcomes().values().stream().filter(o -> o.receipts() > 1).count());
        result.put("seconds", seconds);
        result.put("messagesPerSecond", completed / seconds);
        result.put("latency", Latencies.of(measured.submitted(), measured.outcomes()));
        Map<String, Double> perMessage = new TreeMap<>();
        cpu.forEach((process, s) -> perMessage.put(process, s * 1000 / Math.max(1, completed)));
        result.put("cpuMsPerMessage", perMessage);
        result.put("cpuMsPerMessageAllProcesses", perMessage.values().stream().mapToDouble(Double::doubleValue).sum());
        // Of which the JIT compilers: what the measured batch still spent compiling, not carrying messages.
        result.put("jitCompilerCpuMsPerMessageAllProcesses", compiling.values().stream()
                .mapToDouble(Double::doubleValue).sum() * 1000 / Math.max(1, completed));
        // Near 100%, the figures are bound by the cores; well below, by a wait somewhere (consumerThreads says where).
        result.put("machineBusyPercentOfAllCores", machineAfter.busyPercentSince(machineBefore));
        result.put("generatorCpuMsPerMessage", machineAfter.generatorMsPerMessageSince(machineBefore, completed));
        Map<String, Double> signatures = new TreeMap<>();
        Completions.signedPerIssuer(logs, measured.submitted().keySet())
                .forEach((issuer, n) -> signatures.put(issuer, n / (double) Math.max(1, completed)));
        result.put("signaturesPerMessage", signatures);
        // Commits and WAL per message, and where the server preloads pg_stat_statements its costliest statements.
        result.put("postgresPerMessage", postgres.perMessage(completed));
        // Which consumer thread was seldom waiting for records, and what it waited for instead.
        result.put("consumerThreads", consumers.shares());
        if (options.rate() > 0) {
            // Only open-loop runs have an offered load: a closed loop's burst queues at first and says nothing of it.
            points.add(new Plots.Point(route, options.rate(), Latencies.of(measured.submitted(), measured.outcomes())));
        }

        List<Map<String, Object>> sweep = new ArrayList<>();
        for (double rate : options.sweep()) {
            int count = (int) Math.max(100, rate * 20);
            say(route, "offered load " + rate + " msg/s: " + count + " messages");
            Batch step = batch(recipient, count, completions, rate);
            Latencies latency = Latencies.of(step.submitted(), step.outcomes());
            points.add(new Plots.Point(route, rate, latency));
            int lost = step.submitted().size() - step.outcomes().size();
            sweep.add(Map.of("offeredPerSecond", rate, "latency", latency, "lost", lost));
            say(route, "  " + latency + ", lost " + lost);
        }
        result.put("sweep", sweep);
        if (options.largeBytes() > 0) {
            result.put("large", large(route, recipient, completions));
        }
        say(route, "done: " + result);
        return result;
    }

    /**
     * One large message, first alone, then among small ones offered at a steady rate, beside the same small load
     * without it: what it costs itself and what it adds to the small messages' latency.
     */
    private Map<String, Object> large(String route, String recipient, Completions completions) throws Exception {
        // The attachment travels in base64: a message of largeBytes carries three quarters of it.
        Submissions large = new Submissions(http, clock, options.textBytes(), options.largeBytes() / 4 * 3);
        Map<String, Object> result = new LinkedHashMap<>();
        say(route, "one message of " + options.largeBytes() / (1024 * 1024) + " MiB alone");
        result.put("largeAlone", awaitLarge(large, recipient, completions));

        int count = (int) Math.max(50, options.largeRate() * 30);
        say(route, count + " small messages at " + options.largeRate() + " msg/s, without a large one");
        Batch without = batch(recipient, count, completions, options.largeRate());
        result.put("smallWithout", Latencies.of(without.submitted(), without.outcomes()));

        say(route, "the same with a large one two seconds in");
        Submissions among = new Submissions(http, clock, options.textBytes(), options.largeBytes() / 4 * 3);
        Instant since = clock.instant().minusSeconds(5);
        Thread sender = new Thread(() -> {
            try {
                Thread.sleep(2000);
                among.closedLoop(recipient, 1, 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "large-message");
        sender.start();
        Batch with = batch(recipient, count, completions, options.largeRate());
        sender.join();
        result.put("smallWith", Latencies.of(with.submitted(), with.outcomes()));
        result.put("largeAmongSmall", Latencies.of(among.accepted(), completions.await(among.accepted(), since,
                options.patience(), Duration.ofMillis(100))));
        result.put("lostSmall", without.submitted().size() - without.outcomes().size() + with.submitted().size()
                - with.outcomes().size());
        return result;
    }

    private Latencies awaitLarge(Submissions large, String recipient, Completions completions) throws Exception {
        Instant since = clock.instant().minusSeconds(5);
        large.closedLoop(recipient, 1, 1);
        return Latencies.of(large.accepted(), completions.await(large.accepted(), since, options.patience(),
                Duration.ofMillis(100)));
    }

    /** One batch of submissions, awaited until every accepted message has an outcome or progress stops. */
    private Batch batch(String recipient, int count, Completions completions, Double rate) throws Exception {
        Submissions submissions = new Submissions(http, clock, options.textBytes(), options.attachmentBytes(),
                options.via().equals("smtp") && rate == null ? mailClients : null);
        Instant since = clock.instant().minusSeconds(5);
        if (rate == null) {
            submissions.closedLoop(recipient, count, count == 1 ? 1 : options.concurrency());
        } else {
            submissions.openLoop(recipient, count, rate);
        }
        Map<String, Submissions.Submitted> submitted = submissions.accepted();
        // How often it polls does not enter the figures: they come from the instants the receipts record.
        Map<String, Completions.Outcome> outcomes = completions.await(submitted, since,
                options.patience(), count == 1 ? Duration.ofMillis(10) : Duration.ofMillis(500));
        return new Batch(submitted, submissions.refused(), outcomes);
    }

    /** What each of the platform's processes used of all cores over the next {@code seconds}, in percent. */
    private static Map<String, Double> cpuPercentOver(int seconds) throws Exception {
        Map<String, Double> before = PlatformProcesses.cpuSeconds();
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double wall = (System.nanoTime() - start) / 1e9;
        Map<String, Double> percent = new TreeMap<>();
        PlatformProcesses.between(before, PlatformProcesses.cpuSeconds()).forEach((process, used) ->
                percent.put(process, 100 * used / (wall * Runtime.getRuntime().availableProcessors())));
        return percent;
    }

    private static double total(Map<String, Double> byProcess) {
        return byProcess.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static void say(String route, String what) {
        System.out.println("[" + route + "] " + what);
    }

    private record Batch(Map<String, Submissions.Submitted> submitted, Map<Integer, Integer> refused,
            Map<String, Completions.Outcome> outcomes) {
    }
}
