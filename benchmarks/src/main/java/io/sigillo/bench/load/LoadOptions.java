package io.sigillo.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the load generator does.
 *
 * @param data            the platform's data folder
 * @param routes          same (alice → bob) and/or two (alice → carol)
 * @param messages        the measured messages per route
 * @param warmup          messages sent first per route, not measured, so the services' code is compiled: with 150,
 *                        the JIT compilers still took 40% of a provider's CPU in the measured batch; with 1 500, 12 to
 *                        17 ms per message of the two-provider route; with 3 000, 6 to 8 ms, so that the batch
 *                        measures what a provider that has run for a while spends
 * @param alone           messages sent one at a time, each after the previous one's receipt
 * @param concurrency     closed loop: clients each waiting for its answer
 * @param rate            open loop: messages per second whatever the answers (0: closed loop)
 * @param sweep           offered loads, msg/s, each run open loop after the measured run (latency against load)
 * @param textBytes       the message text's size
 * @param attachmentBytes the attachment's size
 * @param patience        how long to wait without any new receipt before counting the rest as lost
 * @param settleSeconds   how long the load's tail (the log catching up, the compilers' queues) is measured on its
 *                        own before the idle platform is
 * @param idleSeconds     how long to measure the idle platform's CPU
 * @param out             where the JSON report and the plots go
 * @param largeBytes      the size of one large message sent among small ones after the sweep (0: none), to see
 *                        what it costs itself and what it adds to the small messages' latency
 * @param largeRate       the small messages' offered load, msg/s, around the large one
 * @param via             how alice submits: {@code rest}, or {@code smtp} as a mail client (closed loop only)
 * @param imapReaders     mail clients reading each route's recipient's INBOX over IMAPS during the measured batch
 */
record LoadOptions(Path data, List<String> routes, int messages, int warmup, int alone, int concurrency, double rate,
        List<Double> sweep, int textBytes, int attachmentBytes, Duration patience, int settleSeconds, int idleSeconds,
        Path out,
        int largeBytes, double largeRate, String via, int imapReaders) {

    static final String USAGE = """
            usage: LoadBenchmark [--data DIR] [--routes same,two] [--messages N] [--warmup N] [--alone N]
                                 [--concurrency C] [--rate R] [--sweep R1,R2,...] [--text-kb K] [--attachment-kb K]
                                 [--patience SECONDS] [--settle SECONDS] [--idle SECONDS] [--out DIR]
                                 [--large-mb M] [--large-rate R] [--via rest|smtp] [--imap-readers N]""";

    private static final Set<String> NAMES = Set.of("data", "routes", "messages", "warmup", "alone", "concurrency",
            "rate", "sweep", "text-kb", "attachment-kb", "patience", "settle", "idle", "out", "large-mb",
            "large-rate", "via", "imap-readers");

    /** The options given as {@code --name value} pairs; defaults for the rest. */
    static LoadOptions parse(String[] args) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].replaceFirst("^--", "");
            if (!NAMES.contains(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option or missing value: " + args[i] + "\n" + USAGE);
            }
            given.put(name, args[i + 1]);
        }
        String sweep = given.getOrDefault("sweep", "");
        return new LoadOptions(Path.of(given.getOrDefault("data", "data")),
                List.of(given.getOrDefault("routes", "same,two").split(",")),
                Integer.parseInt(given.getOrDefault("messages", "400")),
                Integer.parseInt(given.getOrDefault("warmup", "3000")),
                Integer.parseInt(given.getOrDefault("alone", "20")),
                Integer.parseInt(given.getOrDefault("concurrency", "8")),
                Double.parseDouble(given.getOrDefault("rate", "0")),
                sweep.isBlank() ? List.of() : Arrays.stream(sweep.split(",")).map(Double::valueOf).toList(),
                Integer.parseInt(given.getOrDefault("text-kb", "10")) * 1024,
                Integer.parseInt(given.getOrDefault("attachment-kb", "10")) * 1024,
                Duration.ofSeconds(Long.parseLong(given.getOrDefault("patience", "60"))),
                Integer.parseInt(given.getOrDefault("settle", "30")),
                Integer.parseInt(given.getOrDefault("idle", "30")),
                Path.of(given.getOrDefault("out", "benchmarks/target/results")),
                Integer.parseInt(given.getOrDefault("large-mb", "0")) * 1024 * 1024,
                Double.parseDouble(given.getOrDefault("large-rate", "5")),
                given.getOrDefault("via", "rest"),
                Integer.parseInt(given.getOrDefault("imap-readers", "0")));
    }
}
