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
    /** "Pull Request" as {@code GET /repos/{owner}/{repo}/pulls/{pull_number}} answers it. */
    Map<String, Object> pullRequest(PullRequest pr, long repositoryId, long headRepositoryId) {
        String repoApi = baseUrl + "/repos/" + pr.repository();
        String self = repoApi + "/pulls/" + pr.number();
        long id = Math.abs((long) (pr.repository() + "#" + pr.number()).hashCode());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", self);
        m.put("id", id);
        m.put("node_id", "PR_" + Long.toString(id, 36));
        m.put("html_url", webUrl + "/" + pr.repository() + "/pull/" + pr.number());
        m.put("diff_url", webUrl + "/" + pr.repository() + "/pull/" + pr.number() + ".diff");
        m.put("patch_url", webUrl + "/" + pr.repository() + "/pull/" + pr.number() + ".patch");
        m.put("issue_url", repoApi + "/issues/" + pr.number());
        m.put("commits_url", self + "/commits");
        m.put("review_comments_url", self + "/comments");
        m.put("review_comment_url", repoApi + "/pulls/comments{/number}");
        m.put("comments_url", repoApi + "/issues/" + pr.number() + "/comments");
        m.put("statuses_url", repoApi + "/statuses/" + pr.headSha());
        m.put("number", pr.number());
        m.put("state", pr.state());
        m.put("locked", false);
        m.put("title", "Pull request " + pr.number());
        m.put("user", user("octocat", "User"));
        m.put("body", null);
        m.put("labels", pr.labels().stream().map(name -> (Object) label(pr.repository(), name)).toList());
        m.put("milestone", null);
        m.put("active_lock_reason", null);
        m.put("created_at", time(pr.createdAt()));
        m.put("updated_at", time(pr.updatedAt()));
        m.put("closed_at", pr.closedAt() == null ? null : time(pr.closedAt()));
        m.put("merged_at", pr.mergedAt() == null ? null : time(pr.mergedAt()));
        m.put("merge_commit_sha", pr.merged() ? String.format("%040x", id) : null);
        m.put("assignee", null);
        m.put("assignees", List.of());
        m.put("requested_reviewers", List.of());
        m.put("requested_teams", List.of());
        m.put("head", branch(pr.headRepository(), headRepositoryId, pr.headRef(), pr.headSha()));
        m.put("base", branch(pr.repository(), repositoryId, "main", String.format("%040x", repositoryId)));
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("self", Map.of("href", self));
        links.put("html", Map.of("href", webUrl + "/" + pr.repository() + "/pull/" + pr.number()));
        links.put("issue", Map.of("href", repoApi + "/issues/" + pr.number()));
        links.put("comments", Map.of("href", repoApi + "/issues/" + pr.number() + "/comments"));
        links.put("review_comments", Map.of("href", self + "/comments"));
        links.put("review_comment", Map.of("href", repoApi + "/pulls/comments{/number}"));
        links.put("commits", Map.of("href", self + "/commits"));
        links.put("statuses", Map.of("href", repoApi + "/statuses/" + pr.headSha()));
        m.put("_links", links);
        m.put("author_association", "MEMBER");
        m.put("auto_merge", null);
        m.put("draft", pr.draft());
        m.put("merged", pr.merged());
        m.put("mergeable", pr.open() ? Boolean.TRUE : null);
        m.put("rebaseable", pr.open() ? Boolean.TRUE : null);
        m.put("mergeable_state", pr.open() ? "clean" : "unknown");
        m.put("merged_by", pr.merged() ? user("octocat", "User") : null);
        m.put("comments", 0);
        m.put("review_comments", 0);
        m.put("maintainer_can_modify", false);
        m.put("commits", 1);
        m.put("additions", 1);
        m.put("deletions", 0);
        m.put("changed_files", 1);
        return m;
    }

    private Map<String, Object> branch(String fullName, long repositoryId, String ref, String sha) {
        String owner = fullName.substring(0, fullName.indexOf('/'));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("label", owner + ":" + ref);
        b.put("ref", ref);
        b.put("repo", repository(fullName, repositoryId));
        b.put("sha", sha);
        b.put("user", user(owner, "Organization"));
        return b;
    }

    /** "Repository" as embedded in a pull request's head and base. */
    Map<String, Object> repository(String fullName, long id) {
        String owner = fullName.substring(0, fullName.indexOf('/'));
        String name = fullName.substring(fullName.indexOf('/') + 1);
        String api = baseUrl + "/repos/" + fullName;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id);
        r.put("node_id", "R_" + Long.toString(id, 36));
        r.put("name", name);
        r.put("full_name", fullName);
        r.put("owner", user(owner, "Organization"));
        r.put("private", false);
        r.put("html_url", webUrl + "/" + fullName);
        r.put("description", null);
        r.put("fork", false);
        r.put("url", api);
        for (String part : List.of("archive_url:/{archive_format}{/ref}", "assignees_url:/assignees{/user}",
                "blobs_url:/git/blobs{/sha}", "branches_url:/branches{/branch}", "collaborators_url:/collaborators{/collaborator}",
                "comments_url:/comments{/number}", "commits_url:/commits{/sha}", "compare_url:/compare/{base}...{head}",
                "contents_url:/contents/{+path}", "contributors_url:/contributors", "deployments_url:/deployments",
                "downloads_url:/downloads", "events_url:/events", "forks_url:/forks", "git_commits_url:/git/commits{/sha}",
                "git_refs_url:/git/refs{/sha}", "git_tags_url:/git/tags{/sha}", "hooks_url:/hooks",
                "issue_comment_url:/issues/comments{/number}", "issue_events_url:/issues/events{/number}",
                "issues_url:/issues{/number}", "keys_url:/keys{/key_id}", "labels_url:/labels{/name}",
                "languages_url:/languages", "merges_url:/merges", "milestones_url:/milestones{/number}",
                "notifications_url:/notifications{?since,all,participating}", "pulls_url:/pulls{/number}",
                "releases_url:/releases{/id}", "stargazers_url:/stargazers", "statuses_url:/statuses/{sha}",
                "subscribers_url:/subscribers", "subscription_url:/subscription", "tags_url:/tags",
                "teams_url:/teams", "trees_url:/git/trees{/sha}")) {
            int colon = part.indexOf(':');
            r.put(part.substring(0, colon), api + part.substring(colon + 1));
        }
        r.put("git_url", "git://github.com/" + fullName + ".git");
        r.put("ssh_url", "git@github.com:" + fullName + ".git");
        r.put("clone_url", webUrl + "/" + fullName + ".git");
        r.put("svn_url", webUrl + "/" + fullName);
        r.put("mirror_url", null);
        r.put("homepage", null);
        r.put("language", null);
        r.put("forks_count", 0);
        r.put("forks", 0);
        r.put("stargazers_count", 0);
        r.put("watchers_count", 0);
        r.put("watchers", 0);
        r.put("size", 1);
        r.put("default_branch", "main");
        r.put("open_issues_count", 0);
        r.put("open_issues", 0);
        r.put("has_issues", true);
        r.put("has_projects", false);
        r.put("has_wiki", false);
        r.put("has_pages", false);
        r.put("has_downloads", true);
        r.put("archived", false);
        r.put("disabled", false);
        r.put("license", null);
        r.put("pushed_at", null);
        r.put("created_at", null);
        r.put("updated_at", null);
        return r;
    }

    private Map<String, Object> label(String fullName, String name) {
        long id = Math.abs((long) (fullName + ":" + name).hashCode());
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("id", id);
        l.put("node_id", "LA_" + Long.toString(id, 36));
        l.put("url", baseUrl + "/repos/" + fullName + "/labels/" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8));
        l.put("name", name);
        l.put("description", null);
        l.put("color", "ededed");
        l.put("default", false);
        return l;
    }

    /**
     * An entry of {@code GET /repos/{owner}/{repo}/issues/{issue_number}/events} ("Issue Event for Issue"; the
     * upstream description extract does not cover this operation, so the double follows GitHub's documentation:
     * the state-change and label variants).
     */
    Map<String, Object> issueEvent(String fullName, IssueEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("node_id", "E_" + Long.toString(e.id(), 36));
        m.put("url", baseUrl + "/repos/" + fullName + "/issues/events/" + e.id());
        m.put("actor", user(e.actor(), "User"));
        m.put("event", e.event());
        m.put("commit_id", null);
        m.put("commit_url", null);
        m.put("created_at", time(e.createdAt()));
        m.put("performed_via_github_app", null);
        if (e.label() != null) {
            m.put("label", Map.of("name", e.label(), "color", "ededed"));
        }
        return m;
    }
}
