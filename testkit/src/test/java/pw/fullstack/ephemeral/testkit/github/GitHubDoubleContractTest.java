package pw.fullstack.ephemeral.testkit.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pw.fullstack.ephemeral.testkit.github.GitHubHttp.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GitHubDoubleContractTest {

    private static final String REPO = "fullstack-pw/cks-backend";
    private static final long APP_ID = 4242;
    private static final String COMMENTS = "/repos/{owner}/{repo}/issues/{issue_number}/comments";
    private static final RestApiDescription DESCRIPTION = RestApiDescription.get();
    private static GitHubAppKey key;

    private GitHubDouble github;
    private GitHubHttp http;
    private String token;

    @BeforeAll
    static void generateKey() {
        key = GitHubAppKey.generate();
    }

    @BeforeEach
    void start() {
        github = GitHubDouble.builder()
                .app(APP_ID, "ephemeral-clusters", key.publicKey())
                .installation(77, "fullstack-pw")
                .installation(78, "someone-else")
                .pullRequest(REPO, 42)
                .token("ghp_personal", "octocat")
                .contentCreationPerMinute(1000)
                .start();
        http = new GitHubHttp(github.url());
        token = installationToken(77);
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void commentsAreCreatedListedPageByPageWithLinkHeadersAndUpdatedInPlace() {
        IntStream.rangeClosed(1, 5).forEach(i -> assertThat(post("/repos/" + REPO + "/issues/42/comments",
                "{\"body\":\"comment " + i + "\"}").statusCode()).isEqualTo(201));

        HttpResponse<String> first = get("/repos/" + REPO + "/issues/42/comments?per_page=2");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(json(first)).hasSize(2);
        assertThat(first.headers().firstValue("link")).hasValueSatisfying(link -> assertThat(link)
                .contains("per_page=2&page=2>; rel=\"next\"").contains("page=3>; rel=\"last\"").doesNotContain("rel=\"prev\""));
        HttpResponse<String> last = get("/repos/" + REPO + "/issues/42/comments?per_page=2&page=3");
        assertThat(json(last)).hasSize(1);
        assertThat(last.headers().firstValue("link")).hasValueSatisfying(link -> assertThat(link)
                .contains("page=2>; rel=\"prev\"").contains("page=1>; rel=\"first\"").doesNotContain("rel=\"next\""));

        JsonNode created = json(first).get(0);
        assertThat(created.path("user").path("login").asText()).isEqualTo("ephemeral-clusters[bot]");
        assertThat(created.path("user").path("type").asText()).isEqualTo("Bot");
        HttpResponse<String> updated = send("PATCH", "/repos/" + REPO + "/issues/comments/" + created.get("id").asLong(),
                "{\"body\":\"edited\"}");
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(github.comments(REPO, 42)).hasSize(5).first().satisfies(c -> assertThat(c.body()).isEqualTo("edited"));
    }

    @Test
    void commentsItAnswersConformToGitHubsDescription() {
        JsonNode created = json(post("/repos/" + REPO + "/issues/42/comments", "{\"body\":\"hello\"}"));
        github.addComment(REPO, 42, "octocat", "a person's comment");
        JsonNode listed = json(get("/repos/" + REPO + "/issues/42/comments"));

        assertThat(DESCRIPTION.responseProblems(COMMENTS, "post", 201, created)).hasValue(List.of());
        assertThat(DESCRIPTION.responseProblems(COMMENTS, "get", 200, listed)).hasValue(List.of());
        assertThat(listed).hasSize(2);
    }

    @Test
    void githubsDescriptionRejectsWhatGitHubWouldNeverSend() {
        JsonNode created = json(post("/repos/" + REPO + "/issues/42/comments", "{\"body\":\"hello\"}"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) created).remove("html_url");
        ((com.fasterxml.jackson.databind.node.ObjectNode) created).put("author_association", "STRANGER");

        assertThat(DESCRIPTION.responseProblems(COMMENTS, "post", 201, created)).hasValueSatisfying(problems -> assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("html_url"))
                .anySatisfy(p -> assertThat(p).contains("author_association")));
    }

    @Test
    void everyReplyOfEveryOperationTheNotifierUsesConformsToGitHubsDescription() {
        String jwt = "Bearer " + GitHubHttp.appJwt(key, APP_ID, Duration.ofMinutes(9));
        List<HttpResponse<String>> replies = new java.util.ArrayList<>();
        replies.add(http.send("GET", "/app", jwt, null));
        replies.add(http.send("GET", "/repos/" + REPO + "/installation", jwt, null));
        replies.add(http.send("POST", "/app/installations/77/access_tokens", jwt, null));
        replies.add(post("/repos/" + REPO + "/issues/42/comments", "{\"body\":\"hello\"}"));
        replies.add(get("/repos/" + REPO + "/issues/42/comments"));
        long comment = json(replies.get(replies.size() - 1)).get(0).get("id").asLong();
        replies.add(send("PATCH", "/repos/" + REPO + "/issues/comments/" + comment, "{\"body\":\"edited\"}"));
        replies.add(post("/repos/" + REPO + "/deployments", "{\"ref\":\"main\",\"environment\":\"pr-42\","
                + "\"payload\":{\"run\":\"r1\"},\"transient_environment\":true,\"required_contexts\":[]}"));
        long deployment = json(replies.get(replies.size() - 1)).get("id").asLong();
        replies.add(post("/repos/" + REPO + "/deployments/" + deployment + "/statuses",
                "{\"state\":\"success\",\"environment_url\":\"https://pr-42.example\",\"log_url\":\"https://ci.example/1\"}"));
        replies.add(post("/repos/" + REPO + "/deployments/" + deployment + "/statuses", "{\"state\":\"inactive\"}"));
        replies.add(get("/repos/" + REPO + "/deployments?environment=pr-42"));
        replies.add(post("/repos/" + REPO + "/dispatches", "{\"event_type\":\"ready\",\"client_payload\":{\"pr\":42}}"));
        replies.add(get("/repos/" + REPO + "/issues/43/comments"));
        replies.add(post("/repos/" + REPO + "/deployments", "{\"ref\":\"no-such-branch\"}"));
        replies.add(post("/repos/" + REPO + "/dispatches", "{}"));

        assertThat(github.contractViolations()).isEmpty();
        assertThat(replies).extracting(HttpResponse::statusCode).containsExactly(200, 200, 201, 201, 200, 200, 201, 201, 201,
                200, 204, 404, 422, 422);
    }

    @Test
    void aPullRequestIsAnsweredAsGitHubDescribesItWithItsStateHeadForkAndHistory() {
        String sha = "0123456789abcdef0123456789abcdef01234567";
        github.pullRequest(REPO, 7, "feature/login", sha);
        github.labelPullRequest(REPO, 7, "ephemeral-env");
        github.closePullRequest(REPO, 7, false);
        PullRequest reopened = github.reopenPullRequest(REPO, 7);
        github.pullRequest(reopened.fromFork("mallory/cks-backend").asDraft(true));

        HttpResponse<String> reply = get("/repos/" + REPO + "/pulls/7");
        JsonNode pr = json(reply);

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(DESCRIPTION.responseProblems("/repos/{owner}/{repo}/pulls/{pull_number}", "get", 200, pr)).hasValue(List.of());
        assertThat(pr.path("state").asText()).isEqualTo("open");
        assertThat(pr.path("closed_at").isNull()).as("GitHub clears closed_at on reopening").isTrue();
        assertThat(pr.path("draft").asBoolean()).isTrue();
        assertThat(pr.path("head").path("ref").asText()).isEqualTo("feature/login");
        assertThat(pr.path("head").path("sha").asText()).isEqualTo(sha);
        assertThat(pr.path("head").path("repo").path("full_name").asText()).isEqualTo("mallory/cks-backend");
        assertThat(pr.path("base").path("repo").path("full_name").asText()).isEqualTo(REPO);
        assertThat(pr.path("labels").get(0).path("name").asText()).isEqualTo("ephemeral-env");

        JsonNode events = json(get("/repos/" + REPO + "/issues/7/events?per_page=2"));
        assertThat(events).extracting(e -> e.path("event").asText()).containsExactly("labeled", "closed");
        assertThat(events.get(0).path("label").path("name").asText()).isEqualTo("ephemeral-env");
        assertThat(json(get("/repos/" + REPO + "/issues/7/events?per_page=2&page=2")).get(0).path("created_at").asText())
                .isEqualTo(GitHubJson.time(reopened.updatedAt()));

        assertThat(get("/repos/" + REPO + "/pulls/8").statusCode()).isEqualTo(404);
        assertThat(github.contractViolations()).isEmpty();
    }

    @Test
    void readingAPullRequestNeedsThePullRequestsPermission() {
        String narrowed = json(http.send("POST", "/app/installations/77/access_tokens",
                "Bearer " + GitHubHttp.appJwt(key, APP_ID, Duration.ofMinutes(9)),
                "{\"permissions\":{\"deployments\":\"write\"}}")).path("token").asText();
        String reading = json(http.send("POST", "/app/installations/77/access_tokens",
                "Bearer " + GitHubHttp.appJwt(key, APP_ID, Duration.ofMinutes(9)),
                "{\"repositories\":[\"cks-backend\"],\"permissions\":{\"pull_requests\":\"read\"}}")).path("token").asText();

        assertThat(http.send("GET", "/repos/" + REPO + "/pulls/42", "Bearer " + narrowed, null).statusCode()).isEqualTo(403);
        assertThat(http.send("GET", "/repos/" + REPO + "/pulls/42", "Bearer " + reading, null).statusCode()).isEqualTo(200);
        assertThat(http.send("GET", "/repos/" + REPO + "/issues/42/events", "Bearer " + reading, null).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesMissingOrUnknownCredentialsWithGitHubsErrorBody() {
        HttpResponse<String> anonymous = http.send("GET", "/repos/" + REPO + "/issues/42/comments", null, null);
        HttpResponse<String> unknown = http.send("GET", "/repos/" + REPO + "/issues/42/comments", "Bearer ghs_forged", null);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json(anonymous).path("message").asText()).isEqualTo("Requires authentication");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(json(unknown).path("message").asText()).isEqualTo("Bad credentials");
        assertThat(json(unknown).path("status").asText()).isEqualTo("401");
        assertThat(json(unknown).path("documentation_url").asText()).startsWith("https://docs.github.com/");
        // GitHub's description documents no 401 for this operation; the body is the same basic-error as its 404.
        assertThat(DESCRIPTION.responseProblems(COMMENTS, "get", 404, json(unknown))).hasValue(List.of());
    }

    @Test
    void issuesInstallationTokensOnlyForValidAppJwts() {
        HttpResponse<String> ok = http.send("POST", "/app/installations/77/access_tokens",
                "Bearer " + GitHubHttp.appJwt(key, APP_ID, Duration.ofMinutes(9)), null);
        GitHubAppKey otherKey = GitHubAppKey.generate();
        HttpResponse<String> wrongKey = http.send("POST", "/app/installations/77/access_tokens",
                "Bearer " + GitHubHttp.appJwt(otherKey, APP_ID, Duration.ofMinutes(9)), null);
        HttpResponse<String> tooLong = http.send("POST", "/app/installations/77/access_tokens",
                "Bearer " + GitHubHttp.appJwt(key, APP_ID, Duration.ofMinutes(11)), null);
        HttpResponse<String> wrongApp = http.send("POST", "/app/installations/77/access_tokens",
                "Bearer " + GitHubHttp.appJwt(key, 1, Duration.ofMinutes(9)), null);
        HttpResponse<String> withToken = http.send("POST", "/app/installations/77/access_tokens", "Bearer " + token, null);
        HttpResponse<String> noSuchInstallation = http.send("POST", "/app/installations/5/access_tokens",
                "Bearer " + GitHubHttp.appJwt(key, APP_ID, Duration.ofMinutes(9)), null);

        assertThat(ok.statusCode()).isEqualTo(201);
        assertThat(json(ok).path("token").asText()).startsWith("ghs_");
        assertThat(Instant.parse(json(ok).path("expires_at").asText())).isAfter(Instant.now().plus(Duration.ofMinutes(59)));
        assertThat(List.of(wrongKey, tooLong, wrongApp, withToken)).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(401));
        assertThat(json(tooLong).path("message").asText()).contains("'exp'");
        assertThat(noSuchInstallation.statusCode()).isEqualTo(404);
    }

    @Test
    void findsTheInstallationOfARepositoryAndTheAppItself() {
        String jwt = "Bearer " + GitHubHttp.appJwt(key, APP_ID, Duration.ofMinutes(9));
        HttpResponse<String> installation = http.send("GET", "/repos/" + REPO + "/installation", jwt, null);
        HttpResponse<String> app = http.send("GET", "/app", jwt, null);

        assertThat(json(installation).path("id").asLong()).isEqualTo(77);
        assertThat(json(installation).path("account").path("login").asText()).isEqualTo("fullstack-pw");
        assertThat(json(app).path("slug").asText()).isEqualTo("ephemeral-clusters");
        assertThat(DESCRIPTION.responseProblems("/app", "get", 200, json(app))).hasValue(List.of());
        assertThat(DESCRIPTION.responseProblems("/repos/{owner}/{repo}/installation", "get", 200, json(installation)))
                .hasValue(List.of());
        assertThat(http.send("GET", "/repos/nobody/nothing/installation", jwt, null).statusCode()).isEqualTo(404);
    }

    @Test
    void anInstallationTokenReachesOnlyItsOwnAccountsRepositories() {
        github.pullRequest("someone-else/app", 1);
        String foreign = installationToken(78);

        assertThat(http.send("GET", "/repos/" + REPO + "/issues/42/comments", "Bearer " + foreign, null).statusCode()).isEqualTo(404);
        assertThat(http.send("GET", "/repos/someone-else/app/issues/1/comments", "Bearer " + foreign, null).statusCode()).isEqualTo(200);
        assertThat(http.send("GET", "/repos/someone-else/app/issues/1/comments", "token ghp_personal", null).statusCode()).isEqualTo(200);
    }

    @Test
    void anExpiredInstallationTokenIsRefusedUntilANewOneIsIssued() {
        github.expireInstallationTokens();

        assertThat(get("/repos/" + REPO + "/issues/42/comments").statusCode()).isEqualTo(401);
        token = installationToken(77);
        assertThat(get("/repos/" + REPO + "/issues/42/comments").statusCode()).isEqualTo(200);
    }

    @Test
    void requestBodiesAreCheckedAgainstGitHubsDescription() {
        HttpResponse<String> noState = post("/repos/" + REPO + "/deployments/1/statuses", "{}");
        long deployment = json(post("/repos/" + REPO + "/deployments",
                "{\"ref\":\"main\",\"environment\":\"pr-42\",\"transient_environment\":true,\"required_contexts\":[]}"))
                .get("id").asLong();
        HttpResponse<String> badState = post("/repos/" + REPO + "/deployments/" + deployment + "/statuses", "{\"state\":\"finished\"}");
        HttpResponse<String> longDescription = post("/repos/" + REPO + "/deployments/" + deployment + "/statuses",
                "{\"state\":\"success\",\"description\":\"" + "x".repeat(141) + "\"}");
        HttpResponse<String> noBody = post("/repos/" + REPO + "/issues/42/comments", "{\"text\":\"hi\"}");
        HttpResponse<String> notJson = post("/repos/" + REPO + "/issues/42/comments", "{body:");
        HttpResponse<String> unknownRef = post("/repos/" + REPO + "/deployments", "{\"ref\":\"no-such-branch\"}");
        StringBuilder eleven = new StringBuilder("{\"event_type\":\"ready\",\"client_payload\":{");
        IntStream.range(0, 11).forEach(i -> eleven.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i));
        HttpResponse<String> tooManyKeys = post("/repos/" + REPO + "/dispatches", eleven.append("}}").toString());

        assertThat(noState.statusCode()).isEqualTo(404); // no deployment 1: GitHub looks the deployment up first
        assertThat(badState.statusCode()).isEqualTo(422);
        assertThat(json(badState).path("message").asText()).startsWith("Invalid request.");
        assertThat(longDescription.statusCode()).isEqualTo(422);
        assertThat(json(longDescription).path("message").asText()).isEqualTo("Validation Failed");
        assertThat(json(longDescription).path("errors").get(0).path("field").asText()).isEqualTo("description");
        assertThat(noBody.statusCode()).isEqualTo(422);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).path("message").asText()).isEqualTo("Problems parsing JSON");
        assertThat(unknownRef.statusCode()).isEqualTo(422);
        assertThat(json(unknownRef).path("message").asText()).isEqualTo("No ref found for: no-such-branch");
        assertThat(tooManyKeys.statusCode()).isEqualTo(422);
        assertThat(github.dispatches(REPO)).isEmpty();
    }

    @Test
    void deploymentsKeepTheirStatusesAndAreListedNewestFirstPerEnvironment() {
        String sha = "a".repeat(40);
        long older = json(post("/repos/" + REPO + "/deployments", "{\"ref\":\"" + sha + "\",\"environment\":\"pr-42\","
                + "\"payload\":{\"run\":\"r1\"},\"transient_environment\":true,\"production_environment\":false,"
                + "\"auto_merge\":false,\"required_contexts\":[]}")).get("id").asLong();
        long newer = json(post("/repos/" + REPO + "/deployments", "{\"ref\":\"" + sha + "\",\"environment\":\"pr-42\"}")).get("id").asLong();
        post("/repos/" + REPO + "/deployments", "{\"ref\":\"main\",\"environment\":\"pr-7\"}");
        assertThat(post("/repos/" + REPO + "/deployments/" + older + "/statuses",
                "{\"state\":\"success\",\"environment_url\":\"https://pr-42.example\"}").statusCode()).isEqualTo(201);

        JsonNode listed = json(get("/repos/" + REPO + "/deployments?environment=pr-42"));
        assertThat(listed).extracting(d -> d.get("id").asLong()).containsExactly(newer, older);
        assertThat(listed.get(1).path("payload").path("run").asText()).isEqualTo("r1");
        assertThat(listed.get(1).path("creator").path("login").asText()).isEqualTo("ephemeral-clusters[bot]");
        assertThat(github.deployments(REPO).get(0).states()).containsExactly("success");
        assertThat(github.deployments(REPO).get(0).statuses().get(0).environmentUrl()).isEqualTo("https://pr-42.example");
    }

    @Test
    void unknownRepositoriesPullRequestsAndRoutesAre404() {
        assertThat(get("/repos/fullstack-pw/nothing/issues/1/comments").statusCode()).isEqualTo(404);
        assertThat(get("/repos/" + REPO + "/issues/43/comments").statusCode()).isEqualTo(404);
        assertThat(send("PATCH", "/repos/" + REPO + "/issues/comments/999", "{\"body\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(get("/repos/" + REPO + "/pulls").statusCode()).isEqualTo(404);
        assertThat(json(get("/repos/" + REPO + "/pulls")).path("message").asText()).isEqualTo("Not Found");
    }

    @Test
    void everyAnswerCarriesRateLimitHeadersAndAnExhaustedBudgetIsA403() {
        github.close();
        github = GitHubDouble.builder().app(APP_ID, "ephemeral-clusters", key.publicKey()).installation(77, "fullstack-pw")
                .pullRequest(REPO, 42).primaryRateLimit(3).start();
        http = new GitHubHttp(github.url());
        token = installationToken(77);

        HttpResponse<String> first = get("/repos/" + REPO + "/issues/42/comments");
        get("/repos/" + REPO + "/issues/42/comments");
        get("/repos/" + REPO + "/issues/42/comments");
        HttpResponse<String> refused = get("/repos/" + REPO + "/issues/42/comments");

        assertThat(first.headers().firstValue("x-ratelimit-remaining")).hasValue("2");
        assertThat(first.headers().firstValue("x-ratelimit-limit")).hasValue("3");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("x-ratelimit-remaining")).hasValue("0");
        assertThat(Long.parseLong(refused.headers().firstValue("x-ratelimit-reset").orElseThrow()))
                .isGreaterThan(Instant.now().getEpochSecond());
        assertThat(json(refused).path("message").asText()).startsWith("API rate limit exceeded for installation ID 77");
    }

    @Test
    void injectedRateLimitsUseGitHubsStatusCodesHeadersAndMessages() {
        github.rateLimitNext(1, RateLimitKind.SECONDARY);
        HttpResponse<String> secondary = get("/repos/" + REPO + "/issues/42/comments");
        github.rateLimitNext(1, RateLimitKind.SECONDARY_429);
        HttpResponse<String> tooMany = get("/repos/" + REPO + "/issues/42/comments");
        github.rateLimitNext(1, RateLimitKind.PRIMARY);
        HttpResponse<String> primary = get("/repos/" + REPO + "/issues/42/comments");
        github.rateLimitNext(1, RateLimitKind.SECONDARY_WITHOUT_RETRY_AFTER);
        HttpResponse<String> bare = get("/repos/" + REPO + "/issues/42/comments");

        assertThat(secondary.statusCode()).isEqualTo(403);
        assertThat(secondary.headers().firstValue("retry-after")).hasValue("1");
        assertThat(json(secondary).path("message").asText()).contains("secondary rate limit");
        assertThat(tooMany.statusCode()).isEqualTo(429);
        assertThat(primary.statusCode()).isEqualTo(403);
        assertThat(primary.headers().firstValue("x-ratelimit-remaining")).hasValue("0");
        assertThat(bare.statusCode()).isEqualTo(403);
        assertThat(bare.headers().firstValue("retry-after")).isEmpty();
        assertThat(get("/repos/" + REPO + "/issues/42/comments").statusCode()).isEqualTo(200);
    }

    @Test
    void tooManyWritesInAMinuteHitTheSecondaryLimit() {
        github.close();
        github = GitHubDouble.builder().app(APP_ID, "ephemeral-clusters", key.publicKey()).installation(77, "fullstack-pw")
                .pullRequest(REPO, 42).contentCreationPerMinute(2).start();
        http = new GitHubHttp(github.url());
        token = installationToken(77);

        assertThat(post("/repos/" + REPO + "/issues/42/comments", "{\"body\":\"1\"}").statusCode()).isEqualTo(201);
        assertThat(post("/repos/" + REPO + "/issues/42/comments", "{\"body\":\"2\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> third = post("/repos/" + REPO + "/issues/42/comments", "{\"body\":\"3\"}");

        assertThat(third.statusCode()).isEqualTo(403);
        assertThat(Integer.parseInt(third.headers().firstValue("retry-after").orElseThrow())).isBetween(1, 60);
        assertThat(github.comments(REPO, 42)).hasSize(2);
    }

    @Test
    void serverErrorsOutagesAndARestartThatKeepsTheData() {
        post("/repos/" + REPO + "/issues/42/comments", "{\"body\":\"kept\"}");
        github.failNext(1, 502);
        assertThat(get("/repos/" + REPO + "/issues/42/comments").statusCode()).isEqualTo(502);

        github.stop();
        assertThatThrownBy(() -> get("/repos/" + REPO + "/issues/42/comments")).hasCauseInstanceOf(java.net.ConnectException.class);
        github.restartOnSamePort();

        assertThat(json(get("/repos/" + REPO + "/issues/42/comments")).get(0).path("body").asText()).isEqualTo("kept");
    }

    @Test
    void recordsEveryRequestWithItsBodyAndStatus() {
        post("/repos/" + REPO + "/issues/42/comments", "{\"body\":\"recorded\"}");

        assertThat(github.requests()).anySatisfy(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/repos/" + REPO + "/issues/42/comments");
            assertThat(r.body()).contains("recorded");
            assertThat(r.status()).isEqualTo(201);
            assertThat(r.header("Authorization")).isEqualTo("Bearer " + token);
        });
    }

    @Test
    void anUnsupportedApiVersionIsRefused() {
        HttpResponse<String> current = get("/repos/" + REPO + "/issues/42/comments");
        HttpResponse<String> unknown = http.send("GET", "/repos/" + REPO + "/issues/42/comments", "Bearer " + token, null,
                "1999-01-01");

        assertThat(current.headers().firstValue("x-github-api-version-selected")).hasValue("2022-11-28");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).path("message").asText()).isEqualTo("API version 1999-01-01 is not supported.");
    }

    private String installationToken(long installation) {
        HttpResponse<String> response = http.send("POST", "/app/installations/" + installation + "/access_tokens",
                "Bearer " + GitHubHttp.appJwt(key, APP_ID, Duration.ofMinutes(9)), null);
        assertThat(response.statusCode()).isEqualTo(201);
        return json(response).path("token").asText();
    }

    private HttpResponse<String> get(String path) {
        return http.send("GET", path, "Bearer " + token, null);
    }

    private HttpResponse<String> post(String path, String body) {
        return http.send("POST", path, "Bearer " + token, body);
    }

    private HttpResponse<String> send(String method, String path, String body) {
        return http.send(method, path, "Bearer " + token, body);
    }
}
