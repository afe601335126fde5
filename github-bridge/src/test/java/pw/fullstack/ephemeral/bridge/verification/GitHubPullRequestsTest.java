package pw.fullstack.ephemeral.bridge.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.bridge.github.GitHubApiException;
import pw.fullstack.ephemeral.bridge.github.GitHubRest;
import pw.fullstack.ephemeral.bridge.github.IssueEvent;
import pw.fullstack.ephemeral.bridge.translation.PullRequestOnGitHub;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.github.auth.AppJwt;
import pw.fullstack.ephemeral.github.auth.PemPrivateKey;
import pw.fullstack.ephemeral.testkit.github.GitHubAppKey;
import pw.fullstack.ephemeral.testkit.github.GitHubDouble;
import pw.fullstack.ephemeral.testkit.github.RecordedRequest;

/** Asking GitHub (the testkit's double) about the PR a dispatch names, as the App and with a token. */
class GitHubPullRequestsTest {

    private static final String REPO = "fullstack-pw/cks-backend";
    private static final String HEAD = "0123456789abcdef0123456789abcdef01234567";
    private static final Predicate<IssueEvent> REOPENED = e -> "reopened".equals(e.event());
    private static GitHubAppKey key;

    private GitHubDouble github;

    @BeforeAll
    static void generateKey() {
        key = GitHubAppKey.generate();
    }

    @AfterEach
    void stop() {
        if (github != null) {
            github.close();
        }
    }

    private GitHubPullRequests asTheApp() {
        github = GitHubDouble.builder().app(4242, "ephemeral-clusters", key.publicKey()).installation(77, "fullstack-pw")
                .token("ghp_ops", "ops-bot").primaryRateLimit(100_000).start();
        GitHubRest rest = rest();
        var pem = PemPrivateKey.parse(key.privateKeyPem(), "test");
        return new GitHubPullRequests(rest, RepositoryAuthorization.app(rest,
                () -> "Bearer " + AppJwt.sign("4242", pem, Instant.now()), Clock.systemUTC()));
    }

    private GitHubRest rest() {
        return new GitHubRest(URI.create(github.url()), HttpClient.newHttpClient(), Duration.ofSeconds(5));
    }

    @Test
    void readsThePrWithATokenNarrowedToItsRepositoryAndToReadingPullRequests() throws Exception {
        GitHubPullRequests pulls = asTheApp();
        github.pullRequest(REPO, 42, "feature/login", HEAD);

        PullRequestOnGitHub answer = pulls.find(PullRequestRef.of(REPO, 42), REOPENED);

        assertThat(answer).isInstanceOfSatisfying(PullRequestOnGitHub.Found.class, found -> {
            assertThat(found.pullRequest().head().sha()).isEqualTo(HEAD);
            assertThat(found.pullRequest().base().repo().fullName()).isEqualTo(REPO);
            assertThat(found.history()).isEmpty();
        });
        RecordedRequest token = github.requests().stream().filter(r -> r.path().endsWith("/access_tokens")).findFirst().orElseThrow();
        assertThat(token.body()).contains("\"repositories\":[\"cks-backend\"]").contains("\"pull_requests\":\"read\"")
                .doesNotContain("write");
        assertThat(github.contractViolations()).isEmpty();
    }

    @Test
    void readsTheHistoryBackFromItsLastPageToTheLatestOpening() throws Exception {
        GitHubPullRequests pulls = asTheApp();
        github.pullRequest(REPO, 42, "feature/login", HEAD);
        github.closePullRequest(REPO, 42, false);
        github.reopenPullRequest(REPO, 42);
        for (int i = 0; i < 230; i++) {
            github.labelPullRequest(REPO, 42, "label-" + i);
        }

        PullRequestOnGitHub.Found found = (PullRequestOnGitHub.Found) pulls.find(PullRequestRef.of(REPO, 42), REOPENED);

        assertThat(found.history()).hasSize(232).first().satisfies(e -> assertThat(e.event()).isEqualTo("closed"));
        assertThat(found.history()).filteredOn(REOPENED).hasSize(1);
        assertThat(github.requests()).filteredOn(r -> r.path().endsWith("/events")).extracting(RecordedRequest::query)
                .containsExactly("per_page=100&page=1", "per_page=100&page=3", "per_page=100&page=2");
    }

    @Test
    void aClosingDoesNotReadTheHistory() throws Exception {
        GitHubPullRequests pulls = asTheApp();
        github.pullRequest(REPO, 42, "feature/login", HEAD);
        github.closePullRequest(REPO, 42, true);

        PullRequestOnGitHub.Found found = (PullRequestOnGitHub.Found) pulls.find(PullRequestRef.of(REPO, 42), null);

        assertThat(found.pullRequest().merged()).isTrue();
        assertThat(found.pullRequest().closedAt()).isNotNull();
        assertThat(github.requests()).noneMatch(r -> r.path().endsWith("/events"));
    }

    @Test
    void aPrGitHubDoesNotHaveOrARepositoryTheAppIsNotInstalledOnIsMissing() throws Exception {
        GitHubPullRequests pulls = asTheApp();
        github.repository(REPO);
        github.pullRequest("stranger/app", 1);

        assertThat(pulls.find(PullRequestRef.of(REPO, 404), REOPENED)).isEqualTo(new PullRequestOnGitHub.Missing(
                "GitHub has no pull request " + REPO + "#404 (or the bridge's credentials cannot see it)"));
        assertThat(pulls.find(PullRequestRef.of("stranger/app", 1), REOPENED)).isInstanceOfSatisfying(
                PullRequestOnGitHub.Missing.class, missing -> assertThat(missing.reason())
                        .startsWith("the bridge's GitHub credentials cannot read stranger/app"));
    }

    @Test
    void anOutageOrAServerErrorIsNotAnAnswer() {
        GitHubPullRequests pulls = asTheApp();
        github.pullRequest(REPO, 42, "feature/login", HEAD);
        github.failNext(1, 502);

        assertThatThrownBy(() -> pulls.find(PullRequestRef.of(REPO, 42), REOPENED)).isInstanceOf(GitHubApiException.class)
                .hasMessageContaining("502");
        github.stop();
        assertThatThrownBy(() -> pulls.find(PullRequestRef.of(REPO, 42), REOPENED)).isInstanceOf(GitHubApiException.class)
                .hasMessageContaining("did not answer");
    }

    @Test
    void anExpiredInstallationTokenIsRenewedOnce() throws Exception {
        GitHubPullRequests pulls = asTheApp();
        github.pullRequest(REPO, 42, "feature/login", HEAD);
        pulls.find(PullRequestRef.of(REPO, 42), null);
        github.expireInstallationTokens();

        assertThat(pulls.find(PullRequestRef.of(REPO, 42), null)).isInstanceOf(PullRequestOnGitHub.Found.class);
        assertThat(github.requests()).filteredOn(r -> r.path().endsWith("/access_tokens")).hasSize(2);
    }

    @Test
    void aTokenIsUsedAsItIs() throws Exception {
        asTheApp();
        github.pullRequest(REPO, 42, "feature/login", HEAD);
        GitHubPullRequests pulls = new GitHubPullRequests(rest(), RepositoryAuthorization.token(() -> "Bearer ghp_ops"));

        assertThat(pulls.find(PullRequestRef.of(REPO, 42), REOPENED)).isInstanceOf(PullRequestOnGitHub.Found.class);
        assertThat(github.requests()).noneMatch(r -> r.path().endsWith("/access_tokens"));
    }

    @Test
    void onlyThePageNumberIsTakenFromTheLastLink() {
        assertThat(GitHubPullRequests.lastPage("<https://api.github.com/repositories/1/issues/42/events?per_page=100&page=2>;"
                + " rel=\"next\", <https://api.github.com/repositories/1/issues/42/events?per_page=100&page=7>; rel=\"last\""))
                .hasValue(7);
        assertThat(GitHubPullRequests.lastPage("<https://x/events?page=2>; rel=\"next\"")).isEmpty();
        assertThat(GitHubPullRequests.lastPage(null)).isEmpty();
    }
}
