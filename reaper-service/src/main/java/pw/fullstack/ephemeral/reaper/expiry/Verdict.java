package pw.fullstack.ephemeral.reaper.expiry;

import java.time.Instant;
import java.util.List;
import pw.fullstack.ephemeral.contracts.events.ExpiryReason;

/**
 * What the reaper thinks of one cluster or one allocation, and why: a row of {@code GET /expiries}.
 *
 * @param deadline  when it expires (after keep-until), null when nothing is scheduled
 * @param keptUntil the keep-until that postponed it, if any
 * @param evidence  the facts the decision rests on, in words, for logs and people
 */
public record Verdict(Kind kind, String cluster, String pullRequest, String runId, List<String> addresses, Status status,
                      ExpiryReason reason, Instant deadline, Instant keptUntil, List<String> evidence) {

    public Verdict {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        evidence = List.copyOf(evidence);
    }

    public enum Kind {
        /** A Cluster of this system on the tools cluster. */
        CLUSTER,
        /** An allocation whose name has no Cluster of this system. */
        ADDRESS
    }

    public enum Status {
        /** A deadline lies ahead. */
        PENDING,
        /** The deadline has passed: ClusterExpired is (or, in dry-run, would be) published. */
        DUE,
        /** The teardown has started; nothing to do. */
        TEARING_DOWN,
        /** An allocation a live run or an object on the tools cluster accounts for. */
        HELD,
        /** Would be expired but cannot be safely named or owned: a person must look (evidence says why). */
        NEEDS_ATTENTION
    }
}
