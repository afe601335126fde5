package pw.fullstack.ephemeral.testkit.github;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The double's answers, field for field as GitHub's REST API returns these objects. */
final class GitHubJson {

    static final Map<String, String> INSTALLATION_PERMISSIONS = Map.of(
            "issues", "write", "pull_requests", "write", "deployments", "write", "contents", "write", "metadata", "read");

    private final String baseUrl;
    private final String webUrl = "https://github.com";
    private final long appId;
    private final String appSlug;

    GitHubJson(String baseUrl, long appId, String appSlug) {
        this.baseUrl = baseUrl;
        this.appId = appId;
        this.appSlug = appSlug;
    }

    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    Map<String, Object> user(String rawLogin, String type) {
        String login = rawLogin;
        // "<slug>[bot]" appears percent-encoded in URLs, as GitHub writes them.
        String path = java.net.URLEncoder.encode(rawLogin, java.nio.charset.StandardCharsets.UTF_8);
        long id = Math.abs((long) login.hashCode());
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("login", login);
        u.put("id", id);
        u.put("node_id", "U_" + Long.toString(id, 36));
        u.put("avatar_url", "https://avatars.githubusercontent.com/u/" + id + "?v=4");
        u.put("gravatar_id", "");
        u.put("url", baseUrl + "/users/" + path);
        u.put("html_url", webUrl + "/" + path);
        u.put("followers_url", baseUrl + "/users/" + path + "/followers");
        u.put("following_url", baseUrl + "/users/" + path + "/following{/other_user}");
        u.put("gists_url", baseUrl + "/users/" + path + "/gists{/gist_id}");
        u.put("starred_url", baseUrl + "/users/" + path + "/starred{/owner}{/repo}");
        u.put("subscriptions_url", baseUrl + "/users/" + path + "/subscriptions");
        u.put("organizations_url", baseUrl + "/users/" + path + "/orgs");
        u.put("repos_url", baseUrl + "/users/" + path + "/repos");
        u.put("events_url", baseUrl + "/users/" + path + "/events{/privacy}");
        u.put("received_events_url", baseUrl + "/users/" + path + "/received_events");
        u.put("type", type);
        u.put("user_view_type", "public");
        u.put("site_admin", false);
        return u;
    }

    Map<String, Object> app(Instant since) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("id", appId);
        a.put("client_id", "Iv1." + Long.toHexString(appId * 7919));
        a.put("slug", appSlug);
        a.put("node_id", "A_" + Long.toString(appId, 36));
        a.put("owner", user("fullstack-pw", "Organization"));
        a.put("name", appSlug);
        a.put("description", "ephemeral-clusters notifier (test double)");
        a.put("external_url", "https://ephemeral.fullstack.pw");
        a.put("html_url", webUrl + "/apps/" + appSlug);
        a.put("created_at", time(since));
        a.put("updated_at", time(since));
        a.put("permissions", INSTALLATION_PERMISSIONS);
        a.put("events", List.of());
        return a;
    }

    Map<String, Object> comment(Comment c, boolean viaApp, Instant appSince) {
        Map<String, Object> m = new LinkedHashMap<>();
        String repoApi = baseUrl + "/repos/" + c.repository();
        m.put("id", c.id());
        m.put("node_id", "IC_" + Long.toString(c.id(), 36));
        m.put("url", repoApi + "/issues/comments/" + c.id());
        m.put("html_url", webUrl + "/" + c.repository() + "/pull/" + c.issueNumber() + "#issuecomment-" + c.id());
        m.put("body", c.body());
        m.put("user", user(c.login(), c.userType()));
        m.put("created_at", time(c.createdAt()));
        m.put("updated_at", time(c.updatedAt()));
        m.put("issue_url", repoApi + "/issues/" + c.issueNumber());
        m.put("author_association", "NONE");
        m.put("performed_via_github_app", viaApp ? app(appSince) : null);
        Map<String, Object> reactions = new LinkedHashMap<>();
        reactions.put("url", repoApi + "/issues/comments/" + c.id() + "/reactions");
        for (String r : List.of("total_count", "+1", "-1", "laugh", "hooray", "confused", "heart", "rocket", "eyes")) {
            reactions.put(r, 0);
        }
        m.put("reactions", reactions);
        return m;
    }

    Map<String, Object> deployment(Deployment d, boolean viaApp, Instant appSince) {
        Map<String, Object> m = new LinkedHashMap<>();
        String repoApi = baseUrl + "/repos/" + d.repository();
        m.put("url", repoApi + "/deployments/" + d.id());
        m.put("id", d.id());
        m.put("node_id", "DE_" + Long.toString(d.id(), 36));
        m.put("sha", d.sha());
        m.put("ref", d.ref());
        m.put("task", d.task());
        m.put("payload", d.payload());
        m.put("original_environment", d.environment());
        m.put("environment", d.environment());
        m.put("description", d.description());
        m.put("creator", user(d.creatorLogin(), d.creatorLogin().endsWith("[bot]") ? "Bot" : "User"));
        m.put("created_at", time(d.createdAt()));
        m.put("updated_at", time(d.statuses().isEmpty() ? d.createdAt() : d.statuses().get(d.statuses().size() - 1).createdAt()));
        m.put("statuses_url", repoApi + "/deployments/" + d.id() + "/statuses");
        m.put("repository_url", repoApi);
        m.put("transient_environment", d.transientEnvironment());
        m.put("production_environment", d.productionEnvironment());
        m.put("performed_via_github_app", viaApp ? app(appSince) : null);
        return m;
    }

    Map<String, Object> deploymentStatus(Deployment d, Deployment.Status s, boolean viaApp, Instant appSince) {
        Map<String, Object> m = new LinkedHashMap<>();
        String repoApi = baseUrl + "/repos/" + d.repository();
        m.put("url", repoApi + "/deployments/" + d.id() + "/statuses/" + s.id());
        m.put("id", s.id());
        m.put("node_id", "DES_" + Long.toString(s.id(), 36));
        m.put("state", s.state());
        m.put("creator", user(s.creatorLogin(), s.creatorLogin().endsWith("[bot]") ? "Bot" : "User"));
        m.put("description", s.description());
        m.put("environment", d.environment());
        m.put("target_url", s.logUrl());
        m.put("created_at", time(s.createdAt()));
        m.put("updated_at", time(s.createdAt()));
        m.put("deployment_url", repoApi + "/deployments/" + d.id());
        m.put("repository_url", repoApi);
        m.put("environment_url", s.environmentUrl());
        m.put("log_url", s.logUrl());
        m.put("performed_via_github_app", viaApp ? app(appSince) : null);
        return m;
    }

    Map<String, Object> installation(long id, String account, Instant since) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("account", user(account, "Organization"));
        m.put("repository_selection", "all");
        m.put("access_tokens_url", baseUrl + "/app/installations/" + id + "/access_tokens");
        m.put("repositories_url", baseUrl + "/installation/repositories");
        m.put("html_url", webUrl + "/organizations/" + account + "/settings/installations/" + id);
        m.put("app_id", appId);
        m.put("app_slug", appSlug);
        m.put("target_id", Math.abs((long) account.hashCode()));
        m.put("target_type", "Organization");
        m.put("permissions", INSTALLATION_PERMISSIONS);
        m.put("events", List.of());
        m.put("created_at", time(since));
        m.put("updated_at", time(since));
        m.put("single_file_name", null);
        m.put("suspended_by", null);
        m.put("suspended_at", null);
        return m;
    }

    Map<String, Object> installationToken(GitHubWorld.IssuedToken token) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("token", token.token());
        m.put("expires_at", time(token.expiresAt()));
        m.put("permissions", token.permissions());
        m.put("repository_selection", token.repositories().isEmpty() ? "all" : "selected");
        return m;
    }

    /** "Simple webhook delivery": an entry of a deliveries listing. */
    Map<String, Object> hookDelivery(HookDelivery d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("guid", d.guid());
        m.put("delivered_at", time(d.deliveredAt()));
        m.put("redelivery", d.redelivery());
        m.put("duration", d.duration());
        m.put("status", d.status());
        m.put("status_code", d.statusCode());
        m.put("event", d.event());
        m.put("action", d.action());
        m.put("installation_id", d.installationId());
        m.put("repository_id", d.repositoryId());
        m.put("throttled_at", null);
        return m;
    }

    /** "Webhook delivery": one attempt with what was sent and what came back. */
    Map<String, Object> hookDeliveryInFull(HookDelivery d, Object payload) {
        Map<String, Object> m = hookDelivery(d);
        m.put("url", d.url());
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("headers", d.requestHeaders());
        request.put("payload", payload);
        m.put("request", request);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("headers", d.responseHeaders());
        response.put("payload", d.responseBody());
        m.put("response", response);
        return m;
    }
}
