package pw.fullstack.ephemeral.contracts;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import pw.fullstack.ephemeral.contracts.events.AllocationQueued;
import pw.fullstack.ephemeral.contracts.events.AllocationRefused;
import pw.fullstack.ephemeral.contracts.events.RefusalReason;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.DestroyReason;
import pw.fullstack.ephemeral.contracts.events.DnsReleaseOutcome;
import pw.fullstack.ephemeral.contracts.events.DnsReleased;
import pw.fullstack.ephemeral.contracts.events.EnvironmentOptions;
import pw.fullstack.ephemeral.contracts.events.EventType;
import pw.fullstack.ephemeral.contracts.events.ExpiryReason;
import pw.fullstack.ephemeral.contracts.events.InstallFailed;
import pw.fullstack.ephemeral.contracts.events.InstalledComponent;
import pw.fullstack.ephemeral.contracts.events.PhaseDuration;
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

/** One fully populated example of every event type, for the PR fullstack-pw/cks-backend#42. */
public final class SampleEvents {

    public static final PullRequestRef PR = PullRequestRef.of("fullstack-pw/cks-backend", 42);
    public static final ClusterName CLUSTER = ClusterNaming.defaults().clusterName(PR);
    public static final String DNS = ClusterNaming.defaults().dnsName(PR);
    public static final List<Ipv4Address> ADDRESSES =
            List.of(Ipv4Address.parse("192.168.1.140"), Ipv4Address.parse("192.168.1.141"));
    public static final Instant AT = Instant.parse("2026-11-28T10:15:30Z");

    private SampleEvents() {
    }

    public static LifecycleEvent of(EventType type) {
        return switch (type) {
            case PR_OPENED -> new PrOpened(PR, CLUSTER, BranchName.of("feature/login-form"),
                    CommitSha.of("0123456789abcdef0123456789abcdef01234567"), new EnvironmentOptions(true), AT);
            case PR_CLOSED -> new PrClosed(PR, CLUSTER, true, AT);
            case PR_UPDATED -> new PrUpdated(PR, CLUSTER, BranchName.of("feature/login-form"),
                    CommitSha.of("89abcdef0123456789abcdef0123456789abcdef"), AT);
            case IP_ALLOCATED -> new IpAllocated(PR, CLUSTER, ADDRESSES, DNS, BranchName.of("feature/login-form"),
                    new EnvironmentOptions(true), AT);
            case ALLOCATION_QUEUED -> new AllocationQueued(PR, CLUSTER, 3, 10);
            case ALLOCATION_REFUSED -> new AllocationRefused(PR, CLUSTER, RefusalReason.REPOSITORY_LIMIT, 5);
            case IP_RELEASED -> new IpReleased(PR, CLUSTER, ADDRESSES, DestroyReason.PROVISIONING_FAILED);
            case CLUSTER_READY -> new ClusterReady(PR, CLUSTER, ADDRESSES, DNS,
                    new VaultSecretRef("kv", "ephemeral-clusters/" + CLUSTER + "/kubeconfig", "value"),
                    URI.create("https://192.168.1.140:6443"), AT, new EnvironmentOptions(true));
            case PROVISIONING_FAILED -> new ProvisioningFailed(PR, CLUSTER, "not ready after 15 minutes",
                    List.of("Available=False: WaitingForControlPlane"));
            case PHASES_INSTALLED -> new PhasesInstalled(PR, CLUSTER, URI.create("https://" + DNS),
                    List.of("cert-manager", "external-dns", "external-secrets"),
                    List.of(new InstalledComponent("cert-manager", "v1.18.6", "phase1"),
                            new InstalledComponent("external-dns", "1.20.0", "phase1"),
                            new InstalledComponent("external-secrets", "1.3.2", "phase1")),
                    List.of(new PhaseDuration("phase1", 41_250), new PhaseDuration("phase2", 830),
                            new PhaseDuration("dns-check", 2_100)),
                    List.of("dns: " + DNS + " did not resolve to 192.168.1.140 within 5 minutes"));
            case INSTALL_FAILED -> new InstallFailed(PR, CLUSTER, "phase1", "CRDs not established after 3 minutes", "crds");
            case CLUSTER_EXPIRED -> new ClusterExpired(PR, CLUSTER, ExpiryReason.GRACE_PERIOD_ELAPSED, AT);
            case CLUSTER_DESTROYED -> new ClusterDestroyed(PR, CLUSTER, DestroyReason.EXPIRED, ADDRESSES);
            case DNS_RELEASED -> new DnsReleased(PR, CLUSTER, DNS, DnsReleaseOutcome.REMOVED,
                    "no A record for " + DNS + " at 192.168.1.3:53 after 12 s");
        };
    }
}
