package pw.fullstack.ephemeral.console.readmodel;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * One PR's environment: its latest saga run (by {@link pw.fullstack.ephemeral.contracts.saga.SagaRun}'s order).
 *
 * @param addresses      held by the run (from IpAllocated until IpReleased)
 * @param queuePosition  the position AllocationQueued gave, while QUEUED
 * @param expiry         why the reaper expired it, once it did (e.g. {@code grace-period-elapsed})
 * @param failure        the reason of the latest failure or refusal of the run
 * @param deadLetters    records about this PR that a service refused
 */
public record Environment(PullRequestRef pullRequest, String cluster, String runId, State state, List<String> addresses,
                          Instant openedAt, Instant lastEventAt, String lastEventType, int queuePosition,
                          String dnsName, URI environmentUrl, boolean closed, Instant closedAt, String expiry,
                          Instant expiryDeadline, String failure, int runs, int deadLetters) {

    public Environment {
        addresses = List.copyOf(addresses);
    }

    public String repository() {
        return pullRequest.repository().toString();
    }
}
