package pw.fullstack.ephemeral.sandbox.standins;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.EnvironmentOptions;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.pr.BranchName;
import pw.fullstack.ephemeral.contracts.pr.CommitSha;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.sandbox.kafka.LifecycleProducer;

/** Publishes PrOpened/PrClosed as the GitHub dispatch bridge does in production. */
public final class GitHubBridgeStandIn {

    public static final URI SOURCE = URI.create("/ephemeral-clusters/github-bridge");

    private final LifecycleProducer producer;
    private final ClusterNaming naming = ClusterNaming.defaults();

    public GitHubBridgeStandIn(LifecycleProducer producer) {
        this.producer = producer;
    }

    public EventEnvelope<PrOpened> open(PullRequestRef pr, String branch) {
        EventEnvelope<PrOpened> opened = EventEnvelope.start(SOURCE, new PrOpened(pr, naming.clusterName(pr),
                BranchName.of(branch), fakeHeadSha(pr, branch), EnvironmentOptions.defaults(), Instant.now()));
        producer.publish(opened);
        return opened;
    }

    /** Like the real bridge, which knows no saga runs: the close names the PR and GitHub's time only. */
    public EventEnvelope<PrClosed> close(PullRequestRef pr) {
        EventEnvelope<PrClosed> closed = EventEnvelope.start(SOURCE,
                new PrClosed(pr, naming.clusterName(pr), false, Instant.now()));
        producer.publish(closed);
        return closed;
    }

    private static CommitSha fakeHeadSha(PullRequestRef pr, String branch) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((pr + "@" + branch).getBytes(StandardCharsets.UTF_8));
            return CommitSha.of(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
