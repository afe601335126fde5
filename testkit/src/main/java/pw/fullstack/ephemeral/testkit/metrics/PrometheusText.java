package pw.fullstack.ephemeral.testkit.metrics;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a value out of a {@code /q/metrics} page (Prometheus text format): the tests' way to see that
 * a service counted something — that it consumed an event and found it a no-op, that a pass ran —
 * before they assert that nothing else happened.
 */
public final class PrometheusText {

    private PrometheusText() {
    }

    /**
     * The sum of every series of {@code name} whose labels contain {@code labels} (e.g.
     * {@code reason="duplicate"}; empty for all series); 0 when the metric is not registered yet.
     */
    public static double sum(String page, String name, String labels) {
        return page.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> labels.isEmpty() || line.contains(labels))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** The name of every sample on the page ({@code foo_bucket}, {@code foo_count} and {@code foo_sum} of a histogram). */
    public static Set<String> sampleNames(String page) {
        return page.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
