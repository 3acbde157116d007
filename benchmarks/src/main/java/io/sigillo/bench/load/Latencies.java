package io.sigillo.bench.load;

import java.time.Duration;
import java.util.Map;

/** Percentiles of submit → delivery receipt stored, in seconds. */
record Latencies(int count, double p50, double p90, double p99, double max) {

    /** The latencies of every message that has an outcome. */
    static Latencies of(Map<String, Submissions.Submitted> submitted, Map<String, Completions.Outcome> outcomes) {
        double[] seconds = outcomes.entrySet().stream()
                .mapToDouble(e -> Duration.between(submitted.get(e.getKey()).at(), e.getValue().firstStoredAt())
                        .toNanos() / 1e9)
                .sorted().toArray();
        if (seconds.length == 0) {
            return new Latencies(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Latencies(seconds.length, at(seconds, 0.50), at(seconds, 0.90), at(seconds, 0.99),
                seconds[seconds.length - 1]);
    }

    /** Nearest-rank percentile. */
    private static double at(double[] sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    @Override
    public String toString() {
        return String.format("p50 %.3f s, p90 %.3f s, p99 %.3f s, max %.3f s (%d messages)", p50, p90, p99, max,
                count);
    }
}
