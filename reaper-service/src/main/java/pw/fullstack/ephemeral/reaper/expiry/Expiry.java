package pw.fullstack.ephemeral.reaper.expiry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.ExpiryReason;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * A decision to publish ClusterExpired for {@code runId}.
 *
 * <p>{@link #eventId()} is a name-based UUID of run, cluster, reason and deadline: every replica
 * and every repeated pass that reaches the same decision publishes the same id, and consumers
 * de-duplicate on it. The deadline is part of it because it is what was decided (a keep-until
 * moved by hand is a new decision).
 */
public record Expiry(Verdict.Kind kind, ClusterName cluster, PullRequestRef pullRequest, String runId,
                     ExpiryReason reason, Instant deadline, List<String> evidence) {

    public Expiry {
        evidence = List.copyOf(evidence);
    }

    public String eventId() {
        String seed = "reaper|ClusterExpired|" + runId + "|" + cluster.value() + "|" + reason.wireName() + "|" + deadline;
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

    public ClusterExpired event() {
        return new ClusterExpired(pullRequest, cluster, reason, deadline);
    }
}
