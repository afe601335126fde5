package pw.fullstack.ephemeral.allocator.allocation;

import java.util.Optional;
import pw.fullstack.ephemeral.contracts.events.AllocationRefused;
import pw.fullstack.ephemeral.contracts.events.RefusalReason;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.contracts.pr.RepositoryRef;

/**
 * How much one repository, and everyone together, may ask of the pool beyond its addresses: the
 * environments (live or waiting) of one repository, and the PRs waiting in all. 0 means no limit. Checked
 * only when a run would take something new (a block, or a place in line); a run that takes over what an
 * earlier run of its PR holds is never refused.
 *
 * @param perRepository environments one repository may have, live (holding a block) or waiting
 * @param queueLength   PRs that may wait at once
 */
public record Limits(int perRepository, int queueLength) {

    public Limits {
        if (perRepository < 0 || queueLength < 0) {
            throw new IllegalArgumentException("limits are 0 (none) or more: " + perRepository + ", " + queueLength);
        }
    }

    public static Limits none() {
        return new Limits(0, 0);
    }

    /**
     * Why the PR may not take a new block or place in line, if it may not.
     *
     * @param joinsQueue whether it would wait (no free block, or others wait)
     */
    Optional<AllocationRefused> refusal(ClusterNaming naming, AllocationMap map, AllocationQueue queue, PullRequestRef pr,
                                        ClusterName cluster, boolean joinsQueue) {
        if (perRepository > 0) {
            RepositoryRef repository = pr.repository();
            long live = map.byCluster().keySet().stream()
                    .filter(name -> !name.equals(cluster.value()) && belongsTo(naming, name, repository)).count();
            long waiting = queue.entries().stream()
                    .filter(e -> !e.cluster().equals(cluster) && e.pullRequest().repository().sameAs(repository)).count();
            if (live + waiting >= perRepository) {
                return Optional.of(new AllocationRefused(pr, cluster, RefusalReason.REPOSITORY_LIMIT, perRepository));
            }
        }
        if (joinsQueue && queueLength > 0 && queue.size() >= queueLength) {
            return Optional.of(new AllocationRefused(pr, cluster, RefusalReason.QUEUE_FULL, queueLength));
        }
        return Optional.empty();
    }

    /** Cluster names are derived from the PR, so a name belongs to a repository when its PR's name is it. */
    private static boolean belongsTo(ClusterNaming naming, String clusterName, RepositoryRef repository) {
        String number = clusterName.substring(clusterName.lastIndexOf('-') + 1);
        if (!number.matches("[1-9][0-9]{0,7}")) {
            return false;
        }
        return naming.clusterName(new PullRequestRef(repository, Integer.parseInt(number))).value().equals(clusterName);
    }
}
