package pw.fullstack.ephemeral.installer.install;

import java.util.List;
import java.util.Optional;

/**
 * What a workload cluster shows of Phase 1: per chart its helm-install Job and then its release's
 * Deployments, and the CRDs that Phase 2 needs.
 *
 * @param charts      each chart, in install order
 * @param pendingCrds CRDs Phase 2 needs that are not Established
 * @param unreachable why the workload API could not be asked, if it could not
 */
public record Phase1Progress(List<Chart> charts, List<String> pendingCrds, Optional<String> unreachable) {

    /**
     * One chart.
     *
     * @param name                   the HelmChart's name (its Job is {@code helm-install-<name>})
     * @param failure                the Job failed: its reason (failurePolicy abort: it will not be retried)
     * @param installed              the Job is Complete
     * @param unavailableDeployments once installed: the release's Deployments not Available ("(none yet)" for a
     *                               release without any so far)
     */
    public record Chart(String name, Optional<String> failure, boolean installed, List<String> unavailableDeployments) {

        public Chart {
            unavailableDeployments = List.copyOf(unavailableDeployments);
        }

        public static Chart pending(String name) {
            return new Chart(name, Optional.empty(), false, List.of());
        }

        public static Chart failed(String name, String reason) {
            return new Chart(name, Optional.of(reason), false, List.of());
        }

        public static Chart installed(String name, List<String> unavailableDeployments) {
            return new Chart(name, Optional.empty(), true, unavailableDeployments);
        }

        public String job() {
            return "helm-install-" + name;
        }

        boolean pending() {
            return failure.isEmpty() && !installed;
        }

        boolean available() {
            return installed && unavailableDeployments.isEmpty();
        }
    }

    public Phase1Progress {
        charts = List.copyOf(charts);
        pendingCrds = List.copyOf(pendingCrds);
    }

    public static Phase1Progress unreachable(String why) {
        return new Phase1Progress(List.of(), List.of(), Optional.of(why));
    }

    public List<String> failedJobs() {
        return charts.stream().filter(c -> c.failure().isPresent()).map(c -> c.name() + ": " + c.failure().get()).toList();
    }

    public List<String> pendingJobs() {
        return charts.stream().filter(Chart::pending).map(Chart::job).toList();
    }

    public List<String> unavailableDeployments() {
        return charts.stream().flatMap(c -> c.unavailableDeployments().stream()).toList();
    }

    /** Every helm-install Job is Complete: the CRDs they install can be waited for. */
    public boolean allInstalled() {
        return unreachable.isEmpty() && charts.stream().allMatch(Chart::installed);
    }

    public boolean done() {
        return allInstalled() && charts.stream().allMatch(Chart::available) && pendingCrds.isEmpty();
    }

    public String describe() {
        if (unreachable.isPresent()) {
            return "workload API unreachable: " + unreachable.get();
        }
        StringBuilder text = new StringBuilder();
        append(text, "helm-install Jobs not complete", pendingJobs());
        append(text, "Deployments not available", unavailableDeployments());
        append(text, "CRDs not established", pendingCrds);
        return text.isEmpty() ? "done" : text.toString();
    }

    private static void append(StringBuilder text, String label, List<String> items) {
        if (!items.isEmpty()) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append(label).append(": ").append(String.join(", ", items));
        }
    }
}
