package pw.fullstack.ephemeral.installer.install;

import java.util.List;
import java.util.Optional;

/**
 * What a workload cluster shows of Phase 1.
 *
 * @param failedJobs             helm-install Jobs that failed, each "name: reason"
 * @param pendingJobs            helm-install Jobs not yet Complete (absent or running)
 * @param unavailableDeployments Deployments of the charts' releases not Available (or none yet for a release)
 * @param pendingCrds            CRDs Phase 2 needs that are not Established
 * @param unreachable            why the workload API could not be asked, if it could not
 */
public record Phase1Progress(List<String> failedJobs, List<String> pendingJobs, List<String> unavailableDeployments,
                             List<String> pendingCrds, Optional<String> unreachable) {

    public Phase1Progress {
        failedJobs = List.copyOf(failedJobs);
        pendingJobs = List.copyOf(pendingJobs);
        unavailableDeployments = List.copyOf(unavailableDeployments);
        pendingCrds = List.copyOf(pendingCrds);
    }

    public static Phase1Progress unreachable(String why) {
        return new Phase1Progress(List.of(), List.of(), List.of(), List.of(), Optional.of(why));
    }

    public boolean done() {
        return unreachable.isEmpty() && failedJobs.isEmpty() && pendingJobs.isEmpty() && unavailableDeployments.isEmpty()
                && pendingCrds.isEmpty();
    }

    public String describe() {
        if (unreachable.isPresent()) {
            return "workload API unreachable: " + unreachable.get();
        }
        StringBuilder text = new StringBuilder();
        append(text, "helm-install Jobs not complete", pendingJobs);
        append(text, "Deployments not available", unavailableDeployments);
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
