package pw.fullstack.ephemeral.notifier;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.AllocationQueued;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.DestroyReason;
import pw.fullstack.ephemeral.contracts.events.EnvironmentOptions;
import pw.fullstack.ephemeral.contracts.events.ExpiryReason;
import pw.fullstack.ephemeral.contracts.events.InstallFailed;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.IpReleased;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.PhasesInstalled;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.events.PrUpdated;
import pw.fullstack.ephemeral.contracts.events.ProvisioningFailed;
import pw.fullstack.ephemeral.contracts.events.VaultSecretRef;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;
import pw.fullstack.ephemeral.contracts.pr.BranchName;
import pw.fullstack.ephemeral.contracts.pr.CommitSha;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * One saga run of a PR as the other services would report it, event by event, with the envelope
 * each service would use (PrOpened starts the run; the rest are caused by it; PrClosed is about the PR).
 */
public final class Saga {

    public static final URI SOURCE = URI.create("/ephemeral-clusters/test");
    public static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    private static final ClusterNaming NAMING = ClusterNaming.defaults();

    public final PullRequestRef pr;
    public final ClusterName cluster;
    public final String dns;
    public final Instant openedAt;
    public final EventEnvelope<PrOpened> opened;

    private Saga(ClusterNaming naming, PullRequestRef pr, Instant openedAt, String branch) {
        this.pr = pr;
        this.cluster = naming.clusterName(pr);
        this.dns = naming.dnsName(pr);
        this.openedAt = openedAt;
        this.opened = EventEnvelope.start(SOURCE, new PrOpened(pr, cluster, BranchName.of(branch), CommitSha.of(SHA),
                EnvironmentOptions.defaults(), openedAt));
    }

    public static Saga of(String repository, int number, Instant openedAt) {
        return new Saga(NAMING, PullRequestRef.of(repository, number), openedAt, "feature/login-form");
    }

    /** The events of services that name clusters with {@code naming}. */
    public static Saga of(ClusterNaming naming, String repository, int number, Instant openedAt) {
        return new Saga(naming, PullRequestRef.of(repository, number), openedAt, "feature/login-form");
    }

    public static Saga of(String repository, int number, Instant openedAt, String branch) {
        return new Saga(NAMING, PullRequestRef.of(repository, number), openedAt, branch);
    }

    public String runId() {
        return opened.id();
    }

    public String repository() {
        return pr.repository().toString();
    }

    public <E extends LifecycleEvent> EventEnvelope<E> next(E event) {
        return EventEnvelope.causedBy(opened, SOURCE, event);
    }

    public EventEnvelope<AllocationQueued> queued(int position) {
        return next(new AllocationQueued(pr, cluster, position, 4));
    }

    public EventEnvelope<IpAllocated> allocated() {
        return next(new IpAllocated(pr, cluster, addresses(), dns, BranchName.of("feature/login-form"),
                EnvironmentOptions.defaults(), openedAt));
    }

    public EventEnvelope<ClusterReady> ready() {
        return next(new ClusterReady(pr, cluster, addresses(), dns,
                new VaultSecretRef("kv", "ephemeral-clusters/" + cluster + "/kubeconfig", "value"),
                URI.create("https://192.168.1.140:6443"), openedAt.plusSeconds(120)));
    }

    public EventEnvelope<PhasesInstalled> installed() {
        return next(new PhasesInstalled(pr, cluster, URI.create("https://" + dns), List.of("cert-manager")));
    }

    public EventEnvelope<InstallFailed> installFailed(String phase, String reason) {
        return next(new InstallFailed(pr, cluster, phase, reason));
    }

    public EventEnvelope<ProvisioningFailed> provisioningFailed(String reason) {
        return next(new ProvisioningFailed(pr, cluster, reason, List.of()));
    }

    /** About the PR, not the run: its own id is its correlation id. */
    public EventEnvelope<PrClosed> closed(Instant closedAt, boolean merged) {
        return EventEnvelope.start(SOURCE, new PrClosed(pr, cluster, merged, closedAt));
    }

    /** New commits pushed: about the PR, not the run, like PrClosed. */
    public EventEnvelope<PrUpdated> updated(String sha, Instant updatedAt) {
        return EventEnvelope.start(SOURCE, new PrUpdated(pr, cluster, BranchName.of("feature/login-form"), CommitSha.of(sha), updatedAt));
    }

    public EventEnvelope<ClusterExpired> expired(ExpiryReason reason) {
        return next(new ClusterExpired(pr, cluster, reason, openedAt.plusSeconds(3600)));
    }

    public EventEnvelope<ClusterDestroyed> destroyed(DestroyReason reason) {
        return next(new ClusterDestroyed(pr, cluster, reason, addresses()));
    }

    public EventEnvelope<IpReleased> released(DestroyReason reason) {
        return next(new IpReleased(pr, cluster, addresses(), reason));
    }

    private static List<Ipv4Address> addresses() {
        return List.of(Ipv4Address.parse("192.168.1.140"), Ipv4Address.parse("192.168.1.141"));
    }
}
