package pw.fullstack.ephemeral.notifier.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleRecordCodec;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleTopic;
import pw.fullstack.ephemeral.contracts.events.DestroyReason;
import pw.fullstack.ephemeral.contracts.events.EnvironmentOptions;
import pw.fullstack.ephemeral.contracts.events.ExpiryReason;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.pr.BranchName;
import pw.fullstack.ephemeral.contracts.pr.CommitSha;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.notifier.Saga;
import pw.fullstack.ephemeral.testkit.github.Comment;
import pw.fullstack.ephemeral.testkit.github.Deployment;
import pw.fullstack.ephemeral.testkit.github.Dispatch;
import pw.fullstack.ephemeral.testkit.github.GitHubDoubleResource;
import pw.fullstack.ephemeral.testkit.kafka.KafkaBrokerResource;

@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(GitHubDoubleResource.class)
class NotifierSagaTest extends NotifierTestBase {

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    @Test
    void oneCommentFollowsTheWholeSagaWhileTheDeploymentGoesQueuedInProgressSuccessInactive() {
        github.pullRequest(REPO, 101);
        Saga saga = Saga.of(REPO, 101, now());

        kafka.send(saga.opened);
        long commentId = awaitComment(REPO, 101, b -> b.contains("Environment requested")).id();
        kafka.send(saga.queued(1));
        awaitComment(REPO, 101, b -> b.contains("Waiting for a free cluster slot (position 1)"));
        kafka.send(saga.allocated());
        awaitComment(REPO, 101, b -> b.contains("Provisioning the cluster"));
        kafka.send(saga.ready());
        awaitComment(REPO, 101, b -> b.contains("Cluster ready, installing operators"));
        kafka.send(saga.installed());
        Comment ready = awaitComment(REPO, 101, b -> b.contains("Ephemeral environment ready"));
        await().atMost(PATIENCE).until(() -> !github.dispatches(REPO).stream()
                .filter(d -> Integer.valueOf(101).equals(d.clientPayload().get("pr_number"))).toList().isEmpty());
        kafka.send(saga.closed(saga.openedAt.plusSeconds(300), true));
        kafka.send(saga.expired(ExpiryReason.GRACE_PERIOD_ELAPSED));
        kafka.send(saga.destroyed(DestroyReason.EXPIRED));
        kafka.send(saga.released(DestroyReason.EXPIRED));
        Comment destroyed = awaitComment(REPO, 101, b -> b.contains("Ephemeral environment destroyed"));
        awaitAllCommitted();

        assertThat(github.comments(REPO, 101)).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(commentId);
            assertThat(c.login()).isEqualTo(github.botLogin());
        });
        assertThat(ready.body()).contains("[pr-101-cksbackend.ephemeral.fullstack.pw](https://pr-101-cksbackend.ephemeral.fullstack.pw/)");
        assertThat(destroyed.body()).contains("| PR merged |").contains("Expired (grace period after close elapsed)");
        assertThat(github.requests().stream().filter(r -> r.method().equals("POST")
                && r.path().equals("/repos/" + REPO + "/issues/101/comments"))).hasSize(1);
        Deployment deployment = deploymentsOf(101).get(0);
        assertThat(deploymentsOf(101)).hasSize(1);
        assertThat(deployment.environment()).isEqualTo("pr-101");
        assertThat(deployment.transientEnvironment()).isTrue();
        assertThat(deployment.productionEnvironment()).isFalse();
        assertThat(deployment.ref()).isEqualTo(Saga.SHA);
        assertThat(deployment.payloadObject()).containsEntry("run_id", saga.runId());
        assertThat(deployment.states()).containsExactly("queued", "in_progress", "success", "inactive");
        assertThat(deployment.statuses().get(2).environmentUrl()).isEqualTo("https://pr-101-cksbackend.ephemeral.fullstack.pw/");
        Dispatch dispatch = dispatchesOf(101).get(0);
        assertThat(dispatchesOf(101)).hasSize(1);
        assertThat(dispatch.eventType()).isEqualTo("ephemeral_environment_ready");
        assertThat(dispatch.clientPayload()).hasSizeLessThanOrEqualTo(10).containsEntry("pr_number", 101);
        assertThat(dispatch.clientPayload().get("environment")).isEqualTo(Map.of(
                "cluster_name", "pr-cksbackend-101",
                "namespace", "default",
                "host", "pr-101-cksbackend.ephemeral.fullstack.pw",
                "url", "https://pr-101-cksbackend.ephemeral.fullstack.pw/",
                "kubeconfig", Map.of("vault_mount", "kv", "vault_path", "ephemeral-clusters/pr-cksbackend-101/kubeconfig",
                        "field", "value")));
        assertNoSecretInAnyRequestBody();
    }

    @Test
    void aReplayOfEveryRecordAndARestartWriteNothingNew() {
        // (The records arrive together, so the notifier writes the PR's newest state: it may never show
        // "ready" or send the dispatch, since the PR was closed by then. What matters is what changes later.)
        github.pullRequest(REPO, 102);
        Saga saga = Saga.of(REPO, 102, now());
        List<EventEnvelope<?>> history = new ArrayList<>(List.of(saga.opened, saga.allocated(), saga.ready(), saga.installed(),
                saga.closed(saga.openedAt.plusSeconds(60), false), saga.expired(ExpiryReason.GRACE_PERIOD_ELAPSED),
                saga.destroyed(DestroyReason.EXPIRED), saga.released(DestroyReason.EXPIRED)));
        history.forEach(kafka::send);
        awaitComment(REPO, 102, b -> b.contains("Ephemeral environment destroyed"));
        awaitAllCommitted();
        long writesBefore = writes();
        int dispatchesBefore = dispatchesOf(102).size();

        history.forEach(kafka::send); // an ops replay: the same records, the same ids
        awaitAllCommitted();
        updates.forgetWhatGitHubSaid(); // a restarted notifier knows only what GitHub shows
        history.forEach(kafka::send);
        awaitAllCommitted();

        assertThat(writes()).isEqualTo(writesBefore);
        assertThat(github.comments(REPO, 102)).hasSize(1);
        assertThat(deploymentsOf(102)).hasSize(1);
        assertThat(dispatchesOf(102)).hasSize(dispatchesBefore);
        assertThat(kafka.deadLetterReasons(saga.cluster.value())).isEmpty();
    }

    @Test
    void aHandEditedStateInTheCommentIsIgnoredSoTheDispatchNeverCarriesTheForgedPath() {
        github.pullRequest(REPO, 109);
        Saga saga = Saga.of(REPO, 109, now());
        kafka.send(saga.opened);
        kafka.send(saga.allocated());
        kafka.send(saga.ready());
        Comment written = awaitComment(REPO, 109, b -> b.contains("Cluster ready, installing operators"));
        awaitAllCommitted();
        String forgedPath = "apps/fullstack-pw/production";
        String forged = withForgedKubeconfigPath(written.body(), forgedPath);
        github.editComment(REPO, written.id(), forged);
        updates.forgetWhatGitHubSaid(); // a restarted notifier reads its state back from the comment

        kafka.send(saga.installed());
        awaitAllCommitted(); // the event was consumed

        // Read as no state, the PR is rebuilt from the events that follow: no dispatch without a known
        // kubeconfig, and certainly none to the forged path (accepting the edit sends one there).
        assertThat(github.dispatches(REPO)).noneSatisfy(d -> assertThat(d.clientPayload().toString()).contains(forgedPath));
    }

    /** What someone with write access could do: decode the stored state, change a path, keep the old seal. */
    private static String withForgedKubeconfigPath(String body, String forgedPath) {
        java.util.regex.Matcher state = java.util.regex.Pattern.compile("state v2 ([A-Za-z0-9+/=]+) ").matcher(body);
        assertThat(state.find()).isTrue();
        String json = new String(java.util.Base64.getDecoder().decode(state.group(1)), StandardCharsets.UTF_8);
        String forgedJson = json.replaceAll("ephemeral-clusters/pr-cksbackend-109/kubeconfig", forgedPath);
        assertThat(forgedJson).isNotEqualTo(json);
        return body.replace(state.group(1), java.util.Base64.getEncoder().encodeToString(forgedJson.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aReopenedPrKeepsItsCommentAndGetsANewDeploymentWhileTheOldOneIsRetired() {
        github.pullRequest(REPO, 103);
        Instant t0 = now();
        Saga first = Saga.of(REPO, 103, t0);
        List.of(first.opened, first.allocated(), first.ready(), first.installed()).forEach(kafka::send);
        await().atMost(PATIENCE).until(() -> dispatchesOf(103).size() == 1);
        kafka.send(first.closed(t0.plusSeconds(60), false));
        awaitComment(REPO, 103, b -> b.contains("PR closed, going away"));

        Saga reopened = Saga.of(REPO, 103, t0.plusSeconds(90));
        kafka.send(reopened.opened);
        kafka.send(first.expired(ExpiryReason.GRACE_PERIOD_ELAPSED)); // the old run's expiry, after the reopen: not shown
        kafka.send(reopened.ready());
        kafka.send(reopened.installed());
        Comment comment = awaitComment(REPO, 103, b -> b.contains("run=" + reopened.runId()) && b.contains("Ephemeral environment ready"));
        awaitAllCommitted();

        assertThat(github.comments(REPO, 103)).hasSize(1);
        assertThat(comment.body()).doesNotContain("PR closed").doesNotContain("Expired");
        List<Deployment> deployments = deploymentsOf(103);
        assertThat(deployments).hasSize(2);
        assertThat(deployments.get(0).payloadObject()).containsEntry("run_id", first.runId());
        assertThat(deployments.get(0).latestState()).isEqualTo("inactive");
        assertThat(deployments.get(1).payloadObject()).containsEntry("run_id", reopened.runId());
        assertThat(deployments.get(1).latestState()).isEqualTo("success");
        assertThat(dispatchesOf(103)).extracting(d -> d.clientPayload().get("run_id")).containsExactly(first.runId(), reopened.runId());
    }

    @Test
    void aPushMovesTheCommentToTheNewHead() {
        github.pullRequest(REPO, 107);
        Saga saga = Saga.of(REPO, 107, now());
        List.of(saga.opened, saga.allocated()).forEach(kafka::send);
        awaitComment(REPO, 107, b -> b.contains("Provisioning the cluster"));

        kafka.send(saga.updated("abcdef0123456789abcdef0123456789abcdef01", saga.openedAt.plusSeconds(30)));

        awaitComment(REPO, 107, b -> b.contains("commit `abcdef012345`"));
        awaitAllCommitted();
        assertThat(github.comments(REPO, 107)).hasSize(1);
        assertThat(deploymentsOf(107)).hasSize(1);
    }

    @Test
    void hostileTextInAFailureReachesThePrInert() {
        github.pullRequest(REPO, 104);
        Saga saga = Saga.of(REPO, 104, now());
        String reason = "@everyone <img src=x onerror=alert(1)> see [this](https://evil.example) and #1 with"
                + " ghp_abcdefghijklmnopqrstuvwxyz0123456789\n\tat io.fabric8.kubernetes.client.Client.apply(Client.java:42)";

        List.of(saga.opened, saga.allocated(), saga.ready(), saga.installFailed("phase1", reason)).forEach(kafka::send);
        Comment comment = awaitComment(REPO, 104, b -> b.contains("Ephemeral environment failed"));

        assertThat(comment.body()).contains("`@everyone <img src=x onerror=alert(1)> see [this](https://evil.example) and #1 with [redacted]`")
                .doesNotContain("ghp_abcdef").doesNotContain("Client.java");
        awaitAllCommitted();
        assertThat(deploymentsOf(104).get(0).latestState()).isEqualTo("failure");
    }

    @Test
    void invalidOrForgedRecordsGoToTheDeadLetterTopicWithTheReasonAndUnknownTypesAreIgnored() {
        github.pullRequest(REPO, 105);
        kafka.sendRaw(new ProducerRecord<>(LifecycleTopic.NAME, "pr-cksbackend-105", "not a cloudevent".getBytes(StandardCharsets.UTF_8)));
        PullRequestRef pr = PullRequestRef.of(REPO, 105);
        kafka.send(EventEnvelope.start(Saga.SOURCE, new PrOpened(pr, ClusterName.of("pr-cksbackend-105"), BranchName.of("main"),
                CommitSha.of(Saga.SHA), EnvironmentOptions.defaults(), now())));
        kafka.send(EventEnvelope.start(Saga.SOURCE, new PrOpened(PullRequestRef.of(REPO, 106), ClusterName.of("pr-cksbackend-105"),
                BranchName.of("main"), CommitSha.of(Saga.SHA), EnvironmentOptions.defaults(), now())));
        var newer = LifecycleRecordCodec.encode(EventEnvelope.start(Saga.SOURCE, new PrOpened(pr, ClusterName.of("pr-cksbackend-105"),
                BranchName.of("main"), CommitSha.of(Saga.SHA), EnvironmentOptions.defaults(), now())));
        newer.headers().remove("ce_type");
        newer.headers().add(new RecordHeader("ce_type", "pw.fullstack.ephemeral.EnvironmentHibernated".getBytes(StandardCharsets.UTF_8)));
        kafka.sendRaw(newer);

        // Every record consumed (committed), and every dead letter read: only then are the final counts evidence.
        awaitAllCommitted();
        await().atMost(PATIENCE).until(kafka::deadLettersCaughtUp);
        assertThat(kafka.deadLetterReasons("pr-cksbackend-105")).as("the unknown type is not among them").hasSize(2)
                .anySatisfy(r -> assertThat(r).startsWith("not a CloudEvent"))
                .anySatisfy(r -> assertThat(r).contains("is not the name of fullstack-pw/cks-backend#106"));
        assertThat(github.comments(REPO, 105)).hasSize(1);
    }

    private List<Deployment> deploymentsOf(int number) {
        return github.deployments(REPO).stream().filter(d -> d.environment().equals("pr-" + number)).toList();
    }

    private List<Dispatch> dispatchesOf(int number) {
        return github.dispatches(REPO).stream().filter(d -> Integer.valueOf(number).equals(d.clientPayload().get("pr_number"))).toList();
    }
}
