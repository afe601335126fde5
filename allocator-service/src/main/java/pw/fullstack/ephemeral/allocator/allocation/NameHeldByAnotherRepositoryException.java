package pw.fullstack.ephemeral.allocator.allocation;

import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * An event for a PR whose cluster name is already held by another PR: two repository names whose
 * hashes meet. Refused (dead-lettered with this reason) rather than applied, so a cluster, its
 * addresses and its host never change hands between repositories.
 */
public class NameHeldByAnotherRepositoryException extends RuntimeException {

    public NameHeldByAnotherRepositoryException(ClusterName cluster, String holder, PullRequestRef other) {
        super("cluster name " + cluster + " is held by " + holder + ", not " + other
                + ": two repository names meet in one cluster name; refused so the name never changes hands");
    }
}
