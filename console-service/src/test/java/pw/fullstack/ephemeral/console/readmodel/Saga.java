package pw.fullstack.ephemeral.console.readmodel;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.DestroyReason;
import pw.fullstack.ephemeral.contracts.events.EnvironmentOptions;
import pw.fullstack.ephemeral.contracts.events.ExpiryReason;
import pw.fullstack.ephemeral.contracts.events.AllocationQueued;
import pw.fullstack.ephemeral.contracts.events.InstallFailed;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.IpReleased;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.PhasesInstalled;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.events.VaultSecretRef;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;
import pw.fullstack.ephemeral.contracts.pr.BranchName;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/** One PR's saga run as the services publish it, with times set by the test: events in the order they happen. */
public final class Saga {

    public static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    public static final VaultSecretRef KUBECONFIG = new VaultSecretRef("kv", "ephemeral-clusters/clusters/secret-kubeconfig-path", "kubeconfig");
    public static final URI API_ENDPOINT = URI.create("https://192.168.1.201:6443");

    public final PullRequestRef pr;
    public final ClusterName cluster;
    public final EventEnvelope<LifecycleEvent> opened;
    private EventEnvelope<LifecycleEvent> last;

    @SuppressWarnings("unchecked")
    public Saga(String repository, int number, Instant openedAt) {
        this.pr = PullRequestRef.of(repository, number);
        this.cluster = ClusterNaming.defaults().clusterName(pr);
        EventEnvelope<PrOpened> start = EventEnvelope.start(URI.create("/ephemeral-clusters/github-bridge"),
                new PrOpened(pr, cluster, BranchName.of("feature/x"), null, EnvironmentOptions.defaults(), openedAt));
        this.opened = at((EventEnvelope<LifecycleEvent>) (EventEnvelope<?>) start, openedAt);
        this.last = opened;
    }

    public EventEnvelope<LifecycleEvent> queued(int position, Instant at) {
        return next("allocator", new AllocationQueued(pr, cluster, position, 4), at);
    }

    public EventEnvelope<LifecycleEvent> allocated(Instant at, String... addresses) {
        return next("allocator", new IpAllocated(pr, cluster, ips(addresses), cluster.value() + ".ephemeral.fullstack.pw",
                BranchName.of("feature/x"), EnvironmentOptions.defaults(), opened.data() instanceof PrOpened o ? o.openedAt() : T0), at);
    }

    public EventEnvelope<LifecycleEvent> clusterReady(Instant at, String... addresses) {
        return next("provisioner", new ClusterReady(pr, cluster, ips(addresses), cluster.value() + ".ephemeral.fullstack.pw",
                KUBECONFIG, API_ENDPOINT, at), at);
    }

    public EventEnvelope<LifecycleEvent> installed(Instant at) {
        return next("installer", new PhasesInstalled(pr, cluster, URI.create("https://" + cluster.value() + ".ephemeral.fullstack.pw"),
                List.of("ingress-nginx")), at);
    }

    public EventEnvelope<LifecycleEvent> installFailed(Instant at, String reason) {
        return next("installer", new InstallFailed(pr, cluster, "phase1", reason, "ingress-nginx"), at);
    }

    public EventEnvelope<LifecycleEvent> closed(Instant at) {
        return withCause(null, "github-bridge", new PrClosed(pr, cluster, true, at), at);
    }

    public EventEnvelope<LifecycleEvent> expired(Instant at) {
        return next("reaper", new ClusterExpired(pr, cluster, ExpiryReason.GRACE_PERIOD_ELAPSED, at), at);
    }

    public EventEnvelope<LifecycleEvent> destroyed(Instant at, String... addresses) {
        return next("provisioner", new ClusterDestroyed(pr, cluster, DestroyReason.EXPIRED, ips(addresses)), at);
    }

    public EventEnvelope<LifecycleEvent> released(Instant at, String... addresses) {
        return next("allocator", new IpReleased(pr, cluster, ips(addresses), DestroyReason.EXPIRED), at);
    }

    private EventEnvelope<LifecycleEvent> next(String service, LifecycleEvent event, Instant at) {
        EventEnvelope<LifecycleEvent> envelope = withCause(last, service, event, at);
        last = envelope;
        return envelope;
    }

    private EventEnvelope<LifecycleEvent> withCause(EventEnvelope<LifecycleEvent> cause, String service, LifecycleEvent event,
                                                    Instant at) {
        URI source = URI.create("/ephemeral-clusters/" + service);
        EventEnvelope<LifecycleEvent> envelope = cause == null
                ? EventEnvelope.start(source, event)
                : EventEnvelope.causedBy(cause, source, event);
        return at(envelope, at);
    }

    private static EventEnvelope<LifecycleEvent> at(EventEnvelope<LifecycleEvent> e, Instant at) {
        return new EventEnvelope<>(e.id(), e.source(), OffsetDateTime.ofInstant(at, ZoneOffset.UTC), e.correlationId(),
                e.causationId(), e.data());
    }

    private static List<Ipv4Address> ips(String... addresses) {
        return java.util.Arrays.stream(addresses).map(Ipv4Address::parse).toList();
    }
}
