package pw.fullstack.ephemeral.notifier.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import pw.fullstack.ephemeral.notifier.timeline.PrTimeline;

/**
 * Which deployment statuses a run's deployment needs, from what the timeline says and what was
 * posted last: {@code queued} → {@code in_progress} (addresses allocated) → {@code success} with the
 * environment URL (phases installed) → {@code failure} (provisioning or install failed) →
 * {@code inactive} (cluster destroyed, or PR closed before it ever got addresses). Updates that
 * coalesced skip intermediate states; a failure is still posted before {@code inactive}, so the
 * deployment's history says it failed.
 */
public final class DeploymentPlan {

    public static final String QUEUED = "queued";
    public static final String IN_PROGRESS = "in_progress";
    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";
    public static final String INACTIVE = "inactive";

    private static final Map<String, Integer> RANK = Map.of(QUEUED, 0, IN_PROGRESS, 1, SUCCESS, 2, FAILURE, 3, INACTIVE, 4);

    private DeploymentPlan() {
    }

    /** One status to post. */
    public record StatusUpdate(String state, String description, boolean withEnvironmentUrl) {
    }

    public static List<StatusUpdate> statusesToPost(PrTimeline t, String lastPosted) {
        List<StatusUpdate> updates = new ArrayList<>();
        int last = lastPosted == null ? -1 : RANK.getOrDefault(lastPosted, -1);
        if (t.failed() && last < RANK.get(FAILURE)) {
            updates.add(new StatusUpdate(FAILURE, clip(failureDescription(t)), false));
        }
        boolean gone = t.destroyed() || (t.closed() && t.allocatedAt() == null);
        if (gone) {
            if (last < RANK.get(INACTIVE)) {
                updates.add(new StatusUpdate(INACTIVE, clip(t.destroyed()
                        ? "Environment destroyed" + (t.destroyReason() == null ? "" : " (" + t.destroyReason() + ")")
                        : "PR closed before an environment was allocated"), false));
            }
            return updates;
        }
        if (t.failed()) {
            return updates;
        }
        String desired;
        String description;
        if (t.installed()) {
            desired = SUCCESS;
            description = "Environment ready";
        } else if (t.allocatedAt() != null) {
            desired = IN_PROGRESS;
            description = t.readyAt() != null ? "Cluster ready, installing operators" : "Provisioning the cluster";
        } else {
            desired = QUEUED;
            description = t.queuePosition() != null
                    ? "Waiting for addresses (position " + t.queuePosition() + " in the queue)"
                    : "Waiting for addresses";
        }
        if (RANK.get(desired) > last) {
            updates.add(new StatusUpdate(desired, clip(description), desired.equals(SUCCESS)));
        }
        return updates;
    }

    /**
     * What the run's deployment deploys: the head commit when known, else the branch (a PR that came
     * through the seed's dispatch names no commit). Fixed when the deployment is created; later pushes
     * show in the comment, the deployment stays the run's.
     */
    public static String ref(PrTimeline t) {
        return t.headSha() != null ? t.headSha() : t.branch();
    }

    /** Environment name for the PR: prefix + number, e.g. {@code pr-42}. */
    public static String environment(String prefix, int number) {
        return prefix + number;
    }

    /** Whether an earlier run may have created this deployment: same environment and our run marker. */
    public static Map<String, Object> payload(PrTimeline t) {
        return Map.of("managed_by", "ephemeral-clusters", "run_id", t.runId(), "cluster_name", t.clusterName());
    }

    public static String description(PrTimeline t) {
        return "ephemeral-clusters run " + t.runId();
    }

    private static String failureDescription(PrTimeline t) {
        return "provisioning".equals(t.failedStep()) ? "Provisioning failed" : "Install failed";
    }

    /** GitHub refuses status descriptions over 140 characters. */
    private static String clip(String text) {
        return text.length() <= 140 ? text : text.substring(0, 139) + "…";
    }
}
