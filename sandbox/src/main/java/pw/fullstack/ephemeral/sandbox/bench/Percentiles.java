package pw.fullstack.ephemeral.sandbox.bench;

import java.util.Collection;
import java.util.List;

/**
 * A distribution summed up the way the bench prints it: nearest-rank p50, p95 and p99 (the value at or
 * below which that share of the samples lie, so p99 of 100 samples is the 99th smallest), and the maximum.
 */
public record Percentiles(int count, long p50, long p95, long p99, long max) {

    public static final Percentiles NONE = new Percentiles(0, 0, 0, 0, 0);

    public static Percentiles of(Collection<Long> samples) {
        if (samples.isEmpty()) {
            return NONE;
        }
        List<Long> sorted = samples.stream().sorted().toList();
        return new Percentiles(sorted.size(), rank(sorted, 50), rank(sorted, 95), rank(sorted, 99), sorted.get(sorted.size() - 1));
    }

    /** Nearest rank: the smallest sample with at least {@code p} % of the samples at or below it. */
    static long rank(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    /** {@code p50 12 ms, p95 30 ms, p99 41 ms, max 41 ms}, or {@code no samples}. */
    public String describe() {
        return count == 0 ? "no samples" : String.format("p50 %d ms, p95 %d ms, p99 %d ms, max %d ms", p50, p95, p99, max);
    }
}
