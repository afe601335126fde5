package pw.fullstack.ephemeral.contracts.saga;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * One saga run of a pull request: its id (the id of the PrOpened that started it, which every
 * event of the run carries as its correlation id) and when GitHub says the PR was opened or
 * reopened for it.
 *
 * <p>Which run may own a PR's cluster is decided by this order and nothing else: runs of one PR are
 * ordered by {@code openedAt} (GitHub's time, which a replay carries unchanged), then by id, so
 * every service derives the same order from the same events, whatever order or age they arrive
 * in. When an event was published or processed never decides anything.
 */
public record SagaRun(String id, Instant openedAt) implements Comparable<SagaRun> {

    private static final Comparator<SagaRun> ORDER = Comparator.comparing(SagaRun::openedAt).thenComparing(SagaRun::id);

    public SagaRun {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("saga run id is required");
        }
        Objects.requireNonNull(openedAt, "openedAt");
    }

    /** This run started after {@code other}, so it takes over the PR's cluster from it. */
    public boolean supersedes(SagaRun other) {
        return other == null || compareTo(other) > 0;
    }

    /** A PR closed at {@code closedAt} ends this run: it was opened at or before the close. */
    public boolean endedByCloseAt(Instant closedAt) {
        return closedAt != null && !openedAt.isAfter(closedAt);
    }

    public boolean sameRunAs(String correlationId) {
        return id.equals(correlationId);
    }

    @Override
    public int compareTo(SagaRun other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return id + " (opened " + openedAt + ")";
    }
}
