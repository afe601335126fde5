package pw.fullstack.ephemeral.allocator;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.DestroyReason;
import pw.fullstack.ephemeral.contracts.events.EnvironmentOptions;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.events.ProvisioningFailed;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.pr.BranchName;
import pw.fullstack.ephemeral.contracts.pr.CommitSha;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/** Events of PRs of fullstack-pw/cks-backend, numbered as asked. */
public final class Fixtures {

    public static final URI BRIDGE = URI.create("/ephemeral-clusters/github-bridge");
    public static final URI PROVISIONER = URI.create("/ephemeral-clusters/provisioner");
    public static final ClusterNaming NAMING = ClusterNaming.defaults();
    public static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    private Fixtures() {
    }

    public static PullRequestRef pr(int number) {
        return PullRequestRef.of("fullstack-pw/cks-backend", number);
    }

    public static ClusterName cluster(int number) {
        return NAMING.clusterName(pr(number));
    }

    public static PrOpened prOpened(int number, Instant openedAt) {
        return new PrOpened(pr(number), cluster(number), BranchName.of("feature/pr-" + number),
                CommitSha.of("0123456789abcdef0123456789abcdef01234567"), EnvironmentOptions.defaults(), openedAt);
    }

    /** A PrOpened starting a new saga run (random id = correlation id). */
    public static EventEnvelope<PrOpened> opened(int number) {
        return opened(number, T0);
    }

    public static EventEnvelope<PrOpened> opened(int number, Instant openedAt) {
        return EventEnvelope.start(BRIDGE, prOpened(number, openedAt));
    }

    public static EventEnvelope<PrClosed> closed(EventEnvelope<PrOpened> run, Instant closedAt) {
        PrOpened opened = run.data();
        return new EventEnvelope<>(UUID.randomUUID().toString(), BRIDGE, at(closedAt), run.correlationId(), null,
                new PrClosed(opened.pullRequest(), opened.clusterName(), false, closedAt));
    }

    public static EventEnvelope<ClusterDestroyed> destroyed(EventEnvelope<PrOpened> run, DestroyReason reason) {
        PrOpened opened = run.data();
        return new EventEnvelope<>(UUID.randomUUID().toString(), PROVISIONER,
                OffsetDateTime.now(ZoneOffset.UTC), run.correlationId(), null,
                new ClusterDestroyed(opened.pullRequest(), opened.clusterName(), reason, List.of()));
    }

    public static EventEnvelope<ProvisioningFailed> provisioningFailed(EventEnvelope<PrOpened> run) {
        PrOpened opened = run.data();
        return new EventEnvelope<>(UUID.randomUUID().toString(), PROVISIONER,
                OffsetDateTime.now(ZoneOffset.UTC), run.correlationId(), null,
                new ProvisioningFailed(opened.pullRequest(), opened.clusterName(), "not ready after 15 minutes",
                        List.of()));
    }

    public static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
