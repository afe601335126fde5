package pw.fullstack.ephemeral.notifier.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.notifier.Saga;
import pw.fullstack.ephemeral.testkit.github.GitHubDoubleResource;
import pw.fullstack.ephemeral.testkit.github.RateLimitKind;
import pw.fullstack.ephemeral.testkit.github.RecordedRequest;
import pw.fullstack.ephemeral.testkit.http.ManagementPortSplit;
import pw.fullstack.ephemeral.testkit.kafka.KafkaBrokerResource;

/** What the notifier does when GitHub limits, fails, expires its token or refuses. Same resources as NotifierSagaTest: one application. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(GitHubDoubleResource.class)
class NotifierResilienceTest extends NotifierTestBase {

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    @Test
    void healthMetricsAndThePrsAreServedOnTheManagementPortAndNotOnTheMainOne() {
        ManagementPortSplit.assertServedOnlyByTheManagementPort(RestAssured.port, managementUrl.getPort(), "/prs");
    }

    @Test
    void aSecondaryRateLimitIsWaitedOutAsGitHubSaysAndTheUpdateStillLands() {
        github.pullRequest(REPO, 201);
        Instant start = Instant.now();
        github.rateLimitNext(2, RateLimitKind.SECONDARY);

        kafka.send(Saga.of(REPO, 201, now()).opened);

        awaitComment(REPO, 201, b -> b.contains("Environment requested"));
        List<RecordedRequest> since = since(start);
        List<RecordedRequest> refused = since.stream().filter(r -> r.status() == 403).toList();
        assertThat(refused).hasSize(2);
        RecordedRequest firstAfter = since.stream().filter(r -> r.at().isAfter(refused.get(1).at()) && r.status() < 300)
                .findFirst().orElseThrow();
        // GitHub said retry-after: 1; nobody in the lane asked again sooner.
        assertThat(Duration.between(refused.get(1).at(), firstAfter.at())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        awaitAllCommitted();
        assertThat(kafka.deadLetterReasons("pr-cksbackend-201")).isEmpty();
        management().get("/q/metrics").then().statusCode(200)
                .body(containsString("notifier_github_rate_limited_total{kind=\"secondary\"}"));
    }

    @Test
    void aSpentRequestBudgetPausesWritesUntilTheReset() {
        github.pullRequest(REPO, 202);
        Instant start = Instant.now();
        github.rateLimitWait(Duration.ofSeconds(2));
        github.rateLimitNext(1, RateLimitKind.PRIMARY);

        kafka.send(Saga.of(REPO, 202, now()).opened);

        awaitComment(REPO, 202, b -> b.contains("Environment requested"));
        github.rateLimitWait(Duration.ofSeconds(1));
        List<RecordedRequest> since = since(start);
        RecordedRequest refused = since.stream().filter(r -> r.status() == 403).findFirst().orElseThrow();
        RecordedRequest next = since.stream().filter(r -> r.at().isAfter(refused.at())).findFirst().orElseThrow();
        assertThat(Duration.between(refused.at(), next.at())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anOutageLosesNoUpdateTheNewestStateIsWrittenOnceGitHubAnswers() {
        github.pullRequest(REPO, 203);
        Saga saga = Saga.of(REPO, 203, now());
        github.stop();

        List.of(saga.opened, saga.allocated(), saga.ready()).forEach(kafka::send);
        await().atMost(PATIENCE).until(() -> updates.pendingViews().stream()
                .anyMatch(p -> p.cluster().equals("pr-cksbackend-203") && p.failedAttempts() >= 2));
        assertThat(kafka.allCommitted()).isFalse(); // nothing acknowledged while its state is not on GitHub
        github.restartOnSamePort();

        awaitComment(REPO, 203, b -> b.contains("Cluster ready, installing operators"));
        awaitAllCommitted();
        assertThat(github.comments(REPO, 203)).hasSize(1);
        // Shorter than the retry window (test settings: 4 attempts, 0.5 s doubling): nothing was dead-lettered.
        assertThat(kafka.deadLetterReasons("pr-cksbackend-203")).isEmpty();
    }

    @Test
    void updatesThatKeepFailingAreDeadLetteredWithTheReasonAndStillWrittenWhenGitHubRecovers() {
        github.pullRequest(REPO, 204);
        Saga saga = Saga.of(REPO, 204, now());
        github.failNext(10_000, 503);

        List.of(saga.opened, saga.allocated()).forEach(kafka::send);

        await().atMost(PATIENCE).until(() -> kafka.deadLetterReasons("pr-cksbackend-204").size() == 2);
        assertThat(kafka.deadLetterReasons("pr-cksbackend-204")).allSatisfy(reason -> assertThat(reason)
                .contains("fullstack-pw/cks-backend#204").contains("after 4 attempts").contains("503"));
        management().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'github' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'github' }.data.'given-up-prs'", containsString("fullstack-pw/cks-backend#204"));
        github.failNext(0, 503);

        awaitComment(REPO, 204, b -> b.contains("Provisioning the cluster"));
        await().atMost(PATIENCE).untilAsserted(() -> management().get("/q/health/ready").then()
                .body("checks.find { it.name == 'github' }.status", equalTo("UP")));
        assertThat(github.comments(REPO, 204)).hasSize(1);
    }

    @Test
    void anExpiredInstallationTokenIsRenewedAndTheWriteRepeatedOnce() {
        github.pullRequest(REPO, 205);
        Saga saga = Saga.of(REPO, 205, now());
        kafka.send(saga.opened);
        awaitComment(REPO, 205, b -> b.contains("Environment requested"));
        int tokensBefore = github.issuedTokens().size();
        Instant start = Instant.now();

        github.expireInstallationTokens();
        kafka.send(saga.allocated());

        awaitComment(REPO, 205, b -> b.contains("Provisioning the cluster"));
        List<RecordedRequest> since = since(start);
        assertThat(since.stream().filter(r -> r.status() == 401)).hasSize(1);
        assertThat(since.stream().filter(r -> r.path().equals("/app/installations/77/access_tokens"))).hasSize(1);
        assertThat(github.issuedTokens()).hasSize(tokensBefore + 1);
        assertThat(kafka.deadLetterReasons("pr-cksbackend-205")).isEmpty();
    }

    @Test
    void installationTokensAreNarrowedToTheOneRepositoryAndThePermissionsTheNotifierUses() throws Exception {
        github.pullRequest(REPO, 206);
        github.repository("fullstack-pw/production-app");
        github.pullRequest("fullstack-pw/production-app", 1);
        Saga saga = Saga.of(REPO, 206, now());
        Instant start = Instant.now();
        github.expireInstallationTokens();

        kafka.send(saga.opened);
        awaitComment(REPO, 206, b -> b.contains("Environment requested"));

        RecordedRequest exchange = since(start).stream().filter(r -> r.path().endsWith("/access_tokens")).findFirst().orElseThrow();
        assertThat(exchange.body()).contains("\"repositories\":[\"cks-backend\"]")
                .contains("\"pull_requests\":\"write\"").contains("\"deployments\":\"write\"").contains("\"contents\":\"write\"")
                .doesNotContain("administration").doesNotContain("\"issues\"");
        String token = github.issuedTokens().get(github.issuedTokens().size() - 1);
        java.net.http.HttpResponse<String> elsewhere = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(github.url() + "/repos/fullstack-pw/production-app/issues/1/comments"))
                .header("Authorization", "Bearer " + token).POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"body\":\"hi\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(elsewhere.statusCode()).as("a PR's token reaches no other repository").isEqualTo(404);
        assertThat(github.comments("fullstack-pw/production-app", 1)).isEmpty();
    }

    @Test
    void anAppReinstalledOnAnAccountIsFoundUnderItsNewInstallationWithoutARestart() {
        github.installation(88, "acme-corp");
        github.repository("acme-corp/shop");
        github.pullRequest("acme-corp/shop", 1);
        github.pullRequest("acme-corp/shop", 2);
        Saga first = Saga.of("acme-corp/shop", 1, now());
        kafka.send(first.opened);
        awaitComment("acme-corp/shop", 1, b -> b.contains("Environment requested"));

        long newInstallation = github.reinstall("acme-corp");
        Saga second = Saga.of("acme-corp/shop", 2, now());
        kafka.send(second.opened);

        awaitComment("acme-corp/shop", 2, b -> b.contains("Environment requested"));
        assertThat(github.requests()).anySatisfy(r -> assertThat(r.path()).isEqualTo("/app/installations/" + newInstallation + "/access_tokens"));
        assertThat(kafka.deadLetterReasons(second.cluster.value())).isEmpty();
    }

    @Test
    void aRepositoryTheAppIsNotInstalledOnIsDeadLetteredWithAReasonThatSaysSo() {
        github.pullRequest("stranger/app", 7);
        Saga saga = Saga.of("stranger/app", 7, now());

        kafka.send(saga.opened);

        await().atMost(PATIENCE).until(() -> !kafka.deadLetterReasons(saga.cluster.value()).isEmpty());
        assertThat(kafka.deadLetterReasons(saga.cluster.value())).singleElement().satisfies(reason -> assertThat(reason)
                .contains("stranger/app#7").contains("404").contains("is the App installed"));
        assertThat(github.comments("stranger/app", 7)).isEmpty();
    }

    @Test
    void theOpsListingShowsEachPrsCommentRunAndDeployment() {
        github.pullRequest(REPO, 206);
        Saga saga = Saga.of(REPO, 206, now());
        kafka.send(saga.opened);
        long commentId = awaitComment(REPO, 206, b -> b.contains("Environment requested")).id();

        await().atMost(PATIENCE).untilAsserted(() -> management().get("/prs").then().statusCode(200)
                .body("find { it.cluster == 'pr-cksbackend-206' }.commentId", equalTo((int) commentId))
                .body("find { it.cluster == 'pr-cksbackend-206' }.run", equalTo(saga.runId()))
                .body("find { it.cluster == 'pr-cksbackend-206' }.deploymentState", equalTo("queued")));
    }

    private List<RecordedRequest> since(Instant start) {
        return github.requests().stream().filter(r -> !r.at().isBefore(start)).toList();
    }
}
