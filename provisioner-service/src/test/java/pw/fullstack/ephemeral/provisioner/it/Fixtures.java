package pw.fullstack.ephemeral.provisioner.it;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.DnsReleaseOutcome;
import pw.fullstack.ephemeral.contracts.events.DnsReleased;
import pw.fullstack.ephemeral.contracts.events.ExpiryReason;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;
import pw.fullstack.ephemeral.contracts.pr.BranchName;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/** Events of PRs of {@code fullstack-pw/<repo>}, with the cluster names the services derive. */
final class Fixtures {

    static final URI ALLOCATOR = URI.create("/ephemeral-clusters/allocator");
    static final URI REAPER = URI.create("/ephemeral-clusters/reaper");
    static final URI INSTALLER = URI.create("/ephemeral-clusters/installer");
    static final ClusterNaming NAMING = ClusterNaming.defaults();

    private Fixtures() {
    }

    static PullRequestRef pr(String repo, int number) {
        return PullRequestRef.of("fullstack-pw/" + repo, number);
    }

    /** A PR number no other test of the JVM uses, so every test has clusters of its own. */
    static int number() {
        return ThreadLocalRandom.current().nextInt(1000, 9_999_999);
    }

    /** The cluster name every service derives for {@code fullstack-pw/<repo>#number}. */
    static String name(String repo, int number) {
        return NAMING.clusterName(pr(repo, number)).value();
    }

    static EventEnvelope<IpAllocated> ipAllocated(String saga, String repo, int number, String... ips) {
        return ipAllocated(saga, Instant.now(), repo, number, ips);
    }

    /** The IpAllocated of a run whose PR was opened (or reopened) at {@code openedAt}. */
    static EventEnvelope<IpAllocated> ipAllocated(String saga, Instant openedAt, String repo, int number, String... ips) {
        return ipAllocatedNamed(saga, openedAt, name(repo, number), repo, number, ips);
    }

    /** An IpAllocated naming {@code cluster}, whatever the PR's real name is (forged or mistaken). */
    static EventEnvelope<IpAllocated> ipAllocatedNamed(String saga, Instant openedAt, String cluster, String repo,
                                                       int number, String... ips) {
        var data = new IpAllocated(pr(repo, number), ClusterName.of(cluster),
                Arrays.stream(ips).map(Ipv4Address::parse).toList(),
                NAMING.dnsName(pr(repo, number)), new BranchName("feature/x"), null, openedAt);
        return new EventEnvelope<>(UUID.randomUUID().toString(), ALLOCATOR, OffsetDateTime.now(ZoneOffset.UTC), saga,
                UUID.randomUUID().toString(), data);
    }

    static EventEnvelope<ClusterExpired> expired(String saga, String repo, int number) {
        return expired(saga, repo, number, ExpiryReason.MAX_LIFETIME_REACHED);
    }

    static EventEnvelope<ClusterExpired> expired(String saga, String repo, int number, ExpiryReason reason) {
        return EventEnvelope.inSaga(saga, REAPER, new ClusterExpired(pr(repo, number),
                ClusterName.of(name(repo, number)), reason, Instant.now()));
    }

    /** What the installer answers to the owning run's expiry once the cluster's DNS record is gone. */
    static EventEnvelope<DnsReleased> dnsReleased(String saga, String repo, int number) {
        return EventEnvelope.inSaga(saga, INSTALLER, new DnsReleased(pr(repo, number), ClusterName.of(name(repo, number)),
                NAMING.dnsName(pr(repo, number)), DnsReleaseOutcome.REMOVED, "test"));
    }

    static String saga() {
        return UUID.randomUUID().toString();
    }

    static List<String> none() {
        return List.of();
    }
}
