package pw.fullstack.ephemeral.testkit.workload;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How one simulated workload cluster behaves.
 *
 * @param installDelay   how long a helm-install Job runs before it completes (or fails)
 * @param chartOutcomes  per chart name ({@code cert-manager}, {@code external-dns}, ...), what its install
 *                       does; charts not named install
 * @param crdsEstablish  whether installed CRDs become Established (false: "CRD never established")
 * @param dnsPublishes   whether external-dns publishes DNSEndpoints into the zone (false: "DNS never resolves")
 * @param chartTimings   per chart name, the stages of its install ({@link ChartTimings}); charts not named take
 *                       {@code installDelay} for everything at once
 */
public record WorkloadBehaviour(Duration installDelay, Map<String, ChartOutcome> chartOutcomes, boolean crdsEstablish,
                                boolean dnsPublishes, Map<String, ChartTimings> chartTimings) {

    /** What a helm-install Job of a chart does. */
    public enum ChartOutcome {
        /** The Job completes, the chart's Deployments become Available and its CRDs are installed. */
        INSTALL,
        /** The Job fails: every pod fails until {@code backOffLimit} is exceeded ("BackoffLimitExceeded"). */
        FAIL,
        /** The Job never finishes (an image that never pulls): "chart never installs". */
        HANG
    }

    public WorkloadBehaviour {
        chartOutcomes = Map.copyOf(chartOutcomes);
        chartTimings = Map.copyOf(chartTimings);
    }

    public WorkloadBehaviour(Duration installDelay, Map<String, ChartOutcome> chartOutcomes, boolean crdsEstablish,
                             boolean dnsPublishes) {
        this(installDelay, chartOutcomes, crdsEstablish, dnsPublishes, Map.of());
    }

    /** Installs everything after {@code delay}, CRDs established, DNS published. */
    public static WorkloadBehaviour installsAfter(Duration delay) {
        return new WorkloadBehaviour(delay, Map.of(), true, true);
    }

    public WorkloadBehaviour withChart(String chart, ChartOutcome outcome) {
        Map<String, ChartOutcome> outcomes = new HashMap<>(chartOutcomes);
        outcomes.put(chart, outcome);
        return new WorkloadBehaviour(installDelay, outcomes, crdsEstablish, dnsPublishes, chartTimings);
    }

    public WorkloadBehaviour withCrdsNeverEstablished() {
        return new WorkloadBehaviour(installDelay, chartOutcomes, false, dnsPublishes, chartTimings);
    }

    public WorkloadBehaviour withDnsNeverResolving() {
        return new WorkloadBehaviour(installDelay, chartOutcomes, crdsEstablish, false, chartTimings);
    }

    public WorkloadBehaviour withInstallDelay(Duration delay) {
        return new WorkloadBehaviour(delay, chartOutcomes, crdsEstablish, dnsPublishes, chartTimings);
    }

    /** The named chart's install takes these stages (the other charts keep {@code installDelay}). */
    public WorkloadBehaviour withChartTimings(String chart, ChartTimings timings) {
        Map<String, ChartTimings> all = new HashMap<>(chartTimings);
        all.put(chart, timings);
        return new WorkloadBehaviour(installDelay, chartOutcomes, crdsEstablish, dnsPublishes, all);
    }

    ChartTimings timingsOf(String chart) {
        return chartTimings.getOrDefault(chart, ChartTimings.allAt(installDelay));
    }

    ChartOutcome outcomeOf(String chart) {
        return chartOutcomes.getOrDefault(chart, ChartOutcome.INSTALL);
    }
}
