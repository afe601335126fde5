package pw.fullstack.ephemeral.provisioner.it;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.ExpiryReason;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;
import pw.fullstack.ephemeral.contracts.pr.BranchName;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

final class Fixtures {

    static final URI ALLOCATOR = URI.create("/ephemeral-clusters/allocator");
    static final URI REAPER = URI.create("/ephemeral-clusters/reaper");

    private Fixtures() {
    }

    static PullRequestRef pr(String repo, int number) {
        return PullRequestRef.of("fullstack-pw/" + repo, number);
    }

    static EventEnvelope<IpAllocated> ipAllocated(String saga, String cluster, String repo, int number, String... ips) {
        return ipAllocatedAt(saga, cluster, repo, number, OffsetDateTime.now(ZoneOffset.UTC), ips);
    }

    static EventEnvelope<IpAllocated> ipAllocatedAt(String saga, String cluster, String repo, int number, OffsetDateTime time,
                                                    String... ips) {
        var data = new IpAllocated(pr(repo, number), ClusterName.of(cluster),
                java.util.Arrays.stream(ips).map(Ipv4Address::parse).toList(),
                "pr-" + number + "-" + repo + ".ephemeral.fullstack.pw", new BranchName("feature/x"), null, time.toInstant());
        return new EventEnvelope<>(UUID.randomUUID().toString(), ALLOCATOR, time, saga, UUID.randomUUID().toString(), data);
    }

    static EventEnvelope<ClusterExpired> expired(String saga, String cluster, String repo, int number) {
        return EventEnvelope.inSaga(saga, REAPER, new ClusterExpired(pr(repo, number), ClusterName.of(cluster),
                ExpiryReason.MAX_LIFETIME_REACHED, java.time.Instant.now()));
    }

    static String saga() {
        return UUID.randomUUID().toString();
    }

    static List<String> none() {
        return List.of();
    }
}
