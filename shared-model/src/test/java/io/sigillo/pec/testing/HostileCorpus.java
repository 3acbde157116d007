package io.sigillo.pec.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generated hostile input for one edge of the platform, from valid seeds and a printed seed number so any case
 * replays: mutations that attackers and broken peers produce (flips, cuts, repeats, control characters, invalid
 * UTF-8, huge fields, markup and encodings where none belong). A test feeds each case to the edge, names the outcome
 * it got, and the report prints how many cases got which outcome (docs/security.md lists them).
 */
public final class HostileCorpus {

    /** Cases per edge, unless {@code -Dsigillo.corpus.cases} says otherwise. */
    public static final int CASES = Integer.getInteger("sigillo.corpus.cases", 10_000);

    /** The seed every case derives from, printed with each report so a failure replays. */
    private static final long SEED = Long.getLong("sigillo.corpus.seed", 20261204L);

    /** Text an attacker puts where text belongs: control characters, markup, injections, huge and broken strings. */
    public static final List<String> NASTY_TEXT = List.of("\u0000", "\r\n", "\n.\r\n", "\u001b[31m", "\u202e",
        "\ufffe", "\ud800", "<!DOCTYPE x [<!ENTITY y SYSTEM \"file:///etc/passwd\">]>", "&y;", "]]>",
        "=?UTF-8?B?AA==?=", "%00", "../../",
        "' OR '1'='1", "${jndi:ldap://x/a}", "<script>alert(1)</script>", "\\u0000", "\"", "}", "{", "[", "null",
        "A".repeat(70_000), "é", "\u00ff\u00fe", "\t", " ", "dn: cn=x", "-----BEGIN CERTIFICATE-----");

    private final String edge;
    private final IntFunction<byte[]> generator;
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private long slowestNanos;

    /** A corpus for {@code edge} made from {@code seeds} (valid inputs of that edge). */
    public HostileCorpus(String edge, List<byte[]> seeds) {
        this.edge = edge;
        List<byte[]> valid = List.copyOf(seeds);
        this.generator = i -> mutation(valid, new Random(SEED * 31 + i));
    }

    /**
     * A corpus for {@code edge} whose {@code i}-th case {@code generator} makes from a random source seeded for it
     * (for inputs a byte mutation would mostly break before they reach the edge's own checks, as JSON).
     */
    public HostileCorpus(String edge, BiFunction<Integer, Random, byte[]> generator) {
        this.edge = edge;
        this.generator = i -> generator.apply(i, new Random(SEED * 31 + i));
    }

    /**
     * Cases for a JSON edge that stay JSON: in a seed, one to three string values are replaced by hostile text,
     * escaped as JSON escapes it, so each case reaches the checks behind the parser.
     */
    public static BiFunction<Integer, Random, byte[]> hostileJsonValues(List<byte[]> seeds) {
        List<String> texts = seeds.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
        return (i, random) -> {
            String json = texts.get(random.nextInt(texts.size()));
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                List<int[]> values = new ArrayList<>();
                Matcher m = JSON_STRING_VALUE.matcher(json);
                while (m.find()) {
                    values.add(new int[] {m.start(1), m.end(1)});
                }
                if (values.isEmpty()) {
                    break;
                }
                int[] at = values.get(random.nextInt(values.size()));
                json = json.substring(0, at[0]) + jsonString(NASTY_TEXT.get(random.nextInt(NASTY_TEXT.size())))
                        + json.substring(at[1]);
            }
            return json.getBytes(StandardCharsets.UTF_8);
        };
    }

    /** A string value: after a colon or in an array, not a key (the loop unrolled: long strings must not recurse). */
    private static final Pattern JSON_STRING_VALUE = Pattern.compile(
            "[:\\[,]\\s*+(\"[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+\")(?!\\s*:)");

    private static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** The {@code i}-th case: the same for the same seed, whatever ran before. */
    public byte[] mutation(int i) {
        return generator.apply(i);
    }

    private static byte[] mutation(List<byte[]> seeds, Random random) {
        byte[] base = seeds.get(random.nextInt(seeds.size()));
        int rounds = 1 + random.nextInt(3);
        byte[] out = base;
        for (int r = 0; r < rounds; r++) {
            out = MUTATORS.get(random.nextInt(MUTATORS.size())).apply(random, out);
        }
        return out;
    }

    /** Runs {@code cases} cases through {@code edge}, which names each outcome; returns this report. */
    public HostileCorpus run(int cases, Edge edge) {
        for (int i = 0; i < cases; i++) {
            byte[] input = mutation(i);
            long start = System.nanoTime();
            String outcome;
            try {
                outcome = edge.outcome(input);
            } catch (Exception | StackOverflowError e) {
                throw new AssertionError(this.edge + " case " + i + " (seed " + SEED + ") was not handled: " + e, e);
            }
            slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
            outcomes.merge(outcome, 1, Integer::sum);
        }
        System.out.println(summary());
        return this;
    }

    /** How many cases got each outcome. */
    public Map<String, Integer> outcomes() {
        return outcomes;
    }

    /** Total cases run. */
    public int total() {
        return outcomes.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The slowest case, in milliseconds. */
    public long slowestMillis() {
        return slowestNanos / 1_000_000;
    }

    /** One line for the test output: edge, cases, outcomes, slowest. */
    public String summary() {
        return "hostile corpus: " + edge + ": " + total() + " cases, " + outcomes + ", slowest " + slowestMillis()
                + " ms (seed " + SEED + ")";
    }

    /** What an edge does with one input: the name of the outcome; anything thrown fails the test. */
    @FunctionalInterface
    public interface Edge {

        String outcome(byte[] input) throws Exception;
    }

    private static final List<BiFunction<Random, byte[], byte[]>> MUTATORS = List.of(
            (r, s) -> {
                byte[] b = s.clone();
                for (int i = 1 + r.nextInt(8); i > 0 && b.length > 0; i--) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
                return b;
            },
            (r, s) -> s.length == 0 ? s : Arrays.copyOf(s, r.nextInt(s.length)),
            (r, s) -> {
                if (s.length < 2) {
                    return s;
                }
                int from = r.nextInt(s.length - 1);
                int to = Math.min(s.length, from + 1 + r.nextInt(Math.min(500, s.length - from)));
                return concat(Arrays.copyOf(s, from), Arrays.copyOfRange(s, to, s.length));
            },
            (r, s) -> {
                if (s.length < 2) {
                    return s;
                }
                int from = r.nextInt(s.length - 1);
                int to = Math.min(s.length, from + 1 + r.nextInt(200));
                byte[] range = Arrays.copyOfRange(s, from, to);
                byte[] out = Arrays.copyOf(s, to);
                for (int i = r.nextInt(20); i >= 0; i--) {
                    out = concat(out, range);
                }
                return concat(out, Arrays.copyOfRange(s, to, s.length));
            },
            (r, s) -> insert(r, s, NASTY_TEXT.get(r.nextInt(NASTY_TEXT.size())).getBytes(StandardCharsets.UTF_8)),
            (r, s) -> insert(r, s, new byte[] {(byte) 0xC3}),
            (r, s) -> insert(r, s, new byte[] {(byte) 0xF0, (byte) 0x9F}),
            (r, s) -> {
                byte[] b = new byte[r.nextInt(2000)];
                r.nextBytes(b);
                return b;
            },
            (r, s) -> {
                String text = new String(s, StandardCharsets.UTF_8);
                String[] tokens = text.split("(?<=[\\s<>\":,{}\\[\\]=])", -1);
                if (tokens.length < 2) {
                    return s;
                }
                int i = r.nextInt(tokens.length);
                int j = r.nextInt(tokens.length);
                String t = tokens[i];
                tokens[i] = tokens[j];
                tokens[j] = t;
                return String.join("", tokens).getBytes(StandardCharsets.UTF_8);
            });

    private static byte[] insert(Random r, byte[] s, byte[] what) {
        int at = s.length == 0 ? 0 : r.nextInt(s.length);
        return concat(concat(Arrays.copyOf(s, at), what), Arrays.copyOfRange(s, at, s.length));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
