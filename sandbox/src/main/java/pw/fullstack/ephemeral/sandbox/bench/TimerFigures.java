package pw.fullstack.ephemeral.sandbox.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's Micrometer timer over the measured window, read from two {@code /q/metrics} pages (Prometheus
 * text): how many were recorded in between and their percentiles. With a histogram (buckets) the percentiles
 * are of the window's samples only (the difference of the cumulative buckets; the value printed is the bucket's
 * upper bound, so at most one bucket above the truth). Without one (client-side {@code quantile} series) they
 * are what the timer published at the end, over its own decaying window. {@code _max} is Micrometer's decaying
 * maximum (about the last two minutes).
 *
 * @param series   metric name and labels, e.g. {@code installer_phase_duration_seconds{phase="phase1"}}
 * @param count    recorded in the window
 * @param meanMs   mean over the window
 * @param fromBuckets whether p50/p95/p99 come from the window's buckets
 */
public record TimerFigures(String series, long count, double meanMs, double p50Ms, double p95Ms, double p99Ms, double maxMs,
                           boolean fromBuckets) {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\S+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One sample line: name, labels (in page order, without {@code le}/{@code quantile}), the bucket or quantile, value. */
    record Sample(String name, Map<String, String> labels, String le, String quantile, double value) {
        String seriesKey(String base) {
            StringBuilder key = new StringBuilder(base);
            if (!labels.isEmpty()) {
                key.append('{');
                new TreeMap<>(labels).forEach((k, v) -> key.append(k).append("=\"").append(v).append("\","));
                key.setLength(key.length() - 1);
                key.append('}');
            }
            return key.toString();
        }
    }

    static List<Sample> samples(String page) {
        List<Sample> samples = new ArrayList<>();
        for (String line : page.lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            String le = null;
            String quantile = null;
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    switch (l.group(1)) {
                        case "le" -> le = l.group(2);
                        case "quantile" -> quantile = l.group(2);
                        default -> labels.put(l.group(1), l.group(2));
                    }
                }
            }
            double value;
            try {
                value = Double.parseDouble(m.group(4));
            } catch (NumberFormatException e) {
                continue;
            }
            samples.add(new Sample(m.group(1), labels, le, quantile, value));
        }
        return samples;
    }

    /**
     * Every timer ({@code *_seconds_count}) on {@code after} whose name {@code timers} accepts and which recorded
     * something since {@code before}.
     */
    public static List<TimerFigures> between(String before, String after, Predicate<String> timers) {
        List<Sample> old = samples(before);
        List<Sample> now = samples(after);
        List<TimerFigures> figures = new ArrayList<>();
        for (Sample count : now) {
            if (!count.name().endsWith("_seconds_count")) {
                continue;
            }
            String base = count.name().substring(0, count.name().length() - "_count".length());
            if (!timers.test(base)) {
                continue;
            }
            String key = count.seriesKey(base);
            long recorded = Math.round(count.value() - value(old, base + "_count", key, base).orElse(0.0));
            if (recorded <= 0) {
                continue;
            }
            double sum = value(now, base + "_sum", key, base).orElse(0.0) - value(old, base + "_sum", key, base).orElse(0.0);
            double max = value(now, base + "_max", key, base).orElse(Double.NaN);
            Map<Double, Double> buckets = buckets(now, base, key);
            Map<Double, Double> oldBuckets = buckets(old, base, key);
            if (!buckets.isEmpty()) {
                Map<Double, Double> window = new TreeMap<>();
                buckets.forEach((le, c) -> window.put(le, c - oldBuckets.getOrDefault(le, 0.0)));
                figures.add(new TimerFigures(key, recorded, sum * 1000 / recorded, 1000 * bucketBound(window, 0.50),
                        1000 * bucketBound(window, 0.95), 1000 * bucketBound(window, 0.99), max * 1000, true));
            } else {
                figures.add(new TimerFigures(key, recorded, sum * 1000 / recorded, 1000 * quantile(now, base, key, "0.5"),
                        1000 * quantile(now, base, key, "0.95"), 1000 * quantile(now, base, key, "0.99"), max * 1000, false));
            }
        }
        figures.sort(Comparator.comparing(TimerFigures::series));
        return figures;
    }

    /** The upper bound of the first bucket holding at least {@code share} of the window's samples. */
    static double bucketBound(Map<Double, Double> cumulative, double share) {
        double total = cumulative.getOrDefault(Double.POSITIVE_INFINITY,
                cumulative.values().stream().mapToDouble(Double::doubleValue).max().orElse(0));
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= share * total && total > 0) {
                return bucket.getKey();
            }
        }
        return Double.NaN;
    }

    private static Map<Double, Double> buckets(List<Sample> samples, String base, String key) {
        Map<Double, Double> buckets = new TreeMap<>();
        samples.stream().filter(s -> s.name().equals(base + "_bucket") && s.le() != null && s.seriesKey(base).equals(key))
                .forEach(s -> buckets.put(s.le().equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(s.le()), s.value()));
        return buckets;
    }

    private static double quantile(List<Sample> samples, String base, String key, String q) {
        return samples.stream().filter(s -> s.name().equals(base) && q.equals(s.quantile()) && s.seriesKey(base).equals(key))
                .mapToDouble(Sample::value).findFirst().orElse(Double.NaN);
    }

    private static Optional<Double> value(List<Sample> samples, String name, String key, String base) {
        return samples.stream().filter(s -> s.name().equals(name) && s.quantile() == null && s.le() == null
                && s.seriesKey(base).equals(key)).map(Sample::value).findFirst();
    }

    /**
     * {@code installer_phase_duration_seconds{phase="phase1"}: 5 in window, mean 12 ms, p50 ≤ 16 ms, ...}; a timer
     * that publishes neither buckets nor quantiles shows its count, mean and maximum only.
     */
    public String describe() {
        String head = String.format("%s: %d in window, mean %.0f ms", series, count, meanMs);
        String max = String.format("max (last ~2 min) %s ms", ms(maxMs));
        if (fromBuckets) {
            return String.format("%s, p50 ≤ %s ms, p95 ≤ %s ms, p99 ≤ %s ms, %s", head, ms(p50Ms), ms(p95Ms), ms(p99Ms), max);
        }
        if (Double.isNaN(p50Ms) && Double.isNaN(p95Ms) && Double.isNaN(p99Ms)) {
            return head + ", " + max;
        }
        return String.format("%s, p50 %s ms, p95 %s ms, p99 %s ms (the timer's own decaying window), %s", head, ms(p50Ms),
                ms(p95Ms), ms(p99Ms), max);
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "?" : Double.isInfinite(value) ? "+Inf" : String.format("%.0f", value);
    }
}
