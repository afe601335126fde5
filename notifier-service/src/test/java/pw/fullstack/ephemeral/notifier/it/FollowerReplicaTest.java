package pw.fullstack.ephemeral.notifier.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.notifier.Saga;
import pw.fullstack.ephemeral.testkit.github.GitHubDoubleResource;
import pw.fullstack.ephemeral.testkit.kafka.KafkaBrokerResource;
import pw.fullstack.ephemeral.testkit.kubernetes.StandInLeader;
import pw.fullstack.ephemeral.testkit.kubernetes.ToolsClusterResource;

/**
 * This notifier is the second replica: another one holds {@code notifier-leader}. It writes nothing to GitHub while
 * it follows (it gets no partition), takes over within the lease duration once the leader dies, and then writes
 * the PR's one comment.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(GitHubDoubleResource.class)
@WithTestResource(OtherNotifierLeads.class)
class FollowerReplicaTest extends NotifierTestBase {

    @Test
    void aFollowerWritesNothingUntilTheLeaderDiesThenWritesThePrsOneComment() {
        github.pullRequest(REPO, 131);
        Saga saga = Saga.of(REPO, 131, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        assertThat(role()).isEqualTo("follower");
        management().get("/q/health/ready").then().statusCode(200);

        kafka.send(saga.opened);
        kafka.send(saga.allocated());
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() ->
                github.comments(REPO, 131).isEmpty() && writes() == 0 && "follower".equals(role()));

        StandInLeader.kill("notifier");

        await().atMost(Duration.ofSeconds(15)).until(() -> "leader".equals(role()));
        awaitComment(REPO, 131, b -> b.contains("Provisioning the cluster"));
        awaitAllCommitted();
        assertThat(github.comments(REPO, 131)).hasSize(1);
        assertThat(github.requests().stream().filter(r -> r.method().equals("POST")
                && r.path().equals("/repos/" + REPO + "/issues/131/comments"))).hasSize(1);
    }

    private String role() {
        return management().get("/q/health/ready").then().extract()
                .path("checks.find { it.name == 'leadership' }.data.role");
    }
}
