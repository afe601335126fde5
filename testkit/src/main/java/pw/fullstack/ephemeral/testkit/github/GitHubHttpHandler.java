package pw.fullstack.ephemeral.testkit.github;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** GitHub's REST wire contract for the operations the double serves (see {@link GitHubDouble}). */
final class GitHubHttpHandler implements HttpHandler {

    static final Set<String> API_VERSIONS = Set.of("2022-11-28", "2026-03-10");
    static final int MAX_COMMENT_LENGTH = 65_536;
    static final int MAX_STATUS_DESCRIPTION = 140;
    static final int MAX_CLIENT_PAYLOAD_BYTES = 65_536;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    private static final String REPO = "/repos/([^/]+)/([^/]+)";
    private static final Pattern ISSUE_COMMENTS = Pattern.compile(REPO + "/issues/(\\d+)/comments");
    private static final Pattern COMMENT = Pattern.compile(REPO + "/issues/comments/(\\d+)");
    private static final Pattern DEPLOYMENTS = Pattern.compile(REPO + "/deployments");
    private static final Pattern DEPLOYMENT_STATUSES = Pattern.compile(REPO + "/deployments/(\\d+)/statuses");
    private static final Pattern DISPATCHES = Pattern.compile(REPO + "/dispatches");
    private static final Pattern REPO_INSTALLATION = Pattern.compile(REPO + "/installation");
    private static final Pattern ACCESS_TOKENS = Pattern.compile("/app/installations/(\\d+)/access_tokens");
    /** After the hook: nothing (the listing), {@code /{delivery_id}}, or {@code /{delivery_id}/attempts}. */
    private static final String DELIVERIES = "/deliveries(?:/(\\d+)(/attempts)?)?";
    private static final Pattern APP_HOOK_DELIVERIES = Pattern.compile("/app/hook" + DELIVERIES);
    private static final Pattern REPO_HOOK_DELIVERIES = Pattern.compile(REPO + "/hooks/(\\d+)" + DELIVERIES);
    private static final Pattern ORG_HOOK_DELIVERIES = Pattern.compile("/orgs/([^/]+)/hooks/(\\d+)" + DELIVERIES);
    private static final Pattern CURSOR = Pattern.compile("v1_(\\d{1,18})");
    private static final String HOOK_DOCS = "https://docs.github.com/rest/repos/webhooks";

    private final GitHubWorld world;
    private final GitHubFaults faults;
    private final GitHubDouble.Settings settings;
    private final WebhookDeliverer deliverer;
    private final AppJwtVerifier jwt;
    private final Instant appSince = Instant.now();
    private final List<RecordedRequest> recorded = new CopyOnWriteArrayList<>();
    private final List<String> contractViolations = new CopyOnWriteArrayList<>();
    private final Map<String, RateWindow> primary = new HashMap<>();
    private final Map<String, Deque<Instant>> contentCreation = new HashMap<>();
    private final List<Consumer<RecordedRequest>> requestListeners = new CopyOnWriteArrayList<>();
    private volatile GitHubJson json;
    private volatile String baseUrl = "";

    GitHubHttpHandler(GitHubWorld world, GitHubFaults faults, GitHubDouble.Settings settings, WebhookDeliverer deliverer) {
        this.world = world;
        this.faults = faults;
        this.settings = settings;
        this.deliverer = deliverer;
        this.jwt = settings.appKey() == null ? null
                : new AppJwtVerifier(settings.appId(), "Iv1." + Long.toHexString(settings.appId() * 7919), settings.appKey());
    }

    void baseUrl(String url) {
        baseUrl = url;
        json = new GitHubJson(url, settings.appId(), settings.appSlug());
    }

    List<RecordedRequest> recorded() {
        return List.copyOf(recorded);
    }

    void onRequest(Consumer<RecordedRequest> listener) {
        requestListeners.add(listener);
    }

    String botLogin() {
        return settings.appSlug() + "[bot]";
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            String body = new String(raw, StandardCharsets.UTF_8);
            Reply reply;
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getPath();
            try {
                delayIfAsked();
                reply = respond(exchange, body);
            } catch (GitHubRequestRejected rejected) {
                reply = new Reply(rejected.status(), rejected.body(), rejected.headers());
            } catch (RuntimeException unexpected) {
                reply = serverError("Server Error");
            }
            reply = checkedAgainstDescription(method, path, reply);
            RecordedRequest request = new RecordedRequest(Instant.now(), method, path, exchange.getRequestURI().getRawQuery(),
                    lowerCased(exchange), body, reply.status());
            recorded.add(request);
            send(exchange, reply);
            requestListeners.forEach(listener -> listener.accept(request));
        }
    }

    /**
     * A reply the description does not allow for this operation and status is the double's bug: the client
     * gets a 500 instead of a body real GitHub would never send, and the violation is kept for the tests.
     */
    private Reply checkedAgainstDescription(String method, String path, Reply reply) {
        if (reply.body() == null) {
            return reply;
        }
        RestApiDescription description = RestApiDescription.get();
        Optional<String> template = description.template(path);
        if (template.isEmpty()) {
            return reply;
        }
        List<String> problems = description.responseProblems(template.get(), method, reply.status(), JSON.valueToTree(reply.body()))
                .orElse(List.of());
        if (problems.isEmpty()) {
            return reply;
        }
        String violation = method + " " + path + " " + reply.status() + ": " + String.join("; ", problems);
        contractViolations.add(violation);
        return serverError("the GitHub double's reply breaks GitHub's REST description: " + violation);
    }

    private static Reply serverError(String message) {
        return new Reply(500, Map.of("message", message, "documentation_url", GitHubRequestRejected.DOCS, "status", "500"),
                Map.of());
    }

    List<String> contractViolations() {
        return List.copyOf(contractViolations);
    }

    private void delayIfAsked() {
        long millis = faults.delay().toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Reply respond(HttpExchange exchange, String body) {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = parseQuery(exchange.getRequestURI().getRawQuery());
        String version = exchange.getRequestHeaders().getFirst("X-GitHub-Api-Version");
        if (version != null && !API_VERSIONS.contains(version)) {
            throw new GitHubRequestRejected(400, "API version " + version + " is not supported.");
        }
        String credentials = bearer(exchange.getRequestHeaders().getFirst("Authorization"));

        Matcher m;
        if ((m = ACCESS_TOKENS.matcher(path)).matches() && method.equals("POST")) {
            requireAppJwt(credentials);
            return createAccessToken(Long.parseLong(m.group(1)), body);
        }
        if (path.equals("/app") && method.equals("GET")) {
            requireAppJwt(credentials);
            return Reply.ok(200, json.app(appSince));
        }
        if ((m = APP_HOOK_DELIVERIES.matcher(path)).matches()) {
            requireAppJwt(credentials);
            return hookDeliveries(world.appHook().orElse(null), m.group(1), m.group(2) != null, method, path, query);
        }
        if ((m = REPO_INSTALLATION.matcher(path)).matches() && method.equals("GET")) {
            requireAppJwt(credentials);
            String owner = m.group(1);
            world.repo(owner + "/" + m.group(2)).orElseThrow(GitHubRequestRejected::notFound);
            long id = world.installationFor(owner).orElseThrow(GitHubRequestRejected::notFound);
            return Reply.ok(200, json.installation(id, owner, appSince));
        }

        GitHubWorld.Actor actor = authenticate(credentials);
        Map<String, String> rateHeaders = countAgainstPrimaryLimit(actor);
        GitHubRequestRejected injected = faults.take(actor.rateLimitSubject());
        if (injected != null) {
            throw injected;
        }
        if (!method.equals("GET")) {
            checkSecondaryLimit(actor);
        }
        Reply reply = route(method, path, query, body, actor);
        Map<String, String> headers = new LinkedHashMap<>(rateHeaders);
        headers.putAll(reply.headers());
        return new Reply(reply.status(), reply.body(), headers);
    }

    private Reply route(String method, String path, Map<String, String> query, String body, GitHubWorld.Actor actor) {
        Matcher m;
        if (path.equals("/user") && method.equals("GET")) {
            return Reply.ok(200, json.user(actor.login(), actor.type()));
        }
        if ((m = ISSUE_COMMENTS.matcher(path)).matches()) {
            GitHubWorld.Repo repo = repo(m, actor);
            int issue = Integer.parseInt(m.group(3));
            if (!repo.issues.contains(issue)) {
                throw GitHubRequestRejected.notFound();
            }
            require(actor, method.equals("GET") ? "read" : "write", "issues", "pull_requests");
            if (method.equals("GET")) {
                List<Object> items = world.comments(repo, issue).stream()
                        .map(c -> (Object) json.comment(c, c.userType().equals("Bot"), appSince)).toList();
                return page(path, query, items);
            }
            if (method.equals("POST")) {
                JsonNode request = validated("/repos/{owner}/{repo}/issues/{issue_number}/comments", "post", body,
                        "https://docs.github.com/rest/issues/comments#create-an-issue-comment");
                String text = commentBody(request);
                Comment created = world.addComment(repo, issue, actor.login(), actor.type(), text);
                return Reply.ok(201, json.comment(created, actor.installationId() != null, appSince));
            }
        }
        if ((m = COMMENT.matcher(path)).matches() && method.equals("PATCH")) {
            GitHubWorld.Repo repo = repo(m, actor);
            require(actor, "write", "issues", "pull_requests");
            JsonNode request = validated("/repos/{owner}/{repo}/issues/comments/{comment_id}", "patch", body,
                    "https://docs.github.com/rest/issues/comments#update-an-issue-comment");
            Comment updated = world.updateComment(repo, Long.parseLong(m.group(3)), commentBody(request))
                    .orElseThrow(GitHubRequestRejected::notFound);
            return Reply.ok(200, json.comment(updated, updated.userType().equals("Bot"), appSince));
        }
        if ((m = DEPLOYMENTS.matcher(path)).matches()) {
            GitHubWorld.Repo repo = repo(m, actor);
            require(actor, method.equals("GET") ? "read" : "write", "deployments");
            if (method.equals("GET")) {
                String environment = query.get("environment");
                List<Deployment> all = new ArrayList<>(world.deployments(repo));
                java.util.Collections.reverse(all); // newest first, as GitHub lists them
                List<Object> items = all.stream()
                        .filter(d -> environment == null || environment.equals(d.environment()))
                        .filter(d -> query.get("ref") == null || query.get("ref").equals(d.ref()))
                        .map(d -> (Object) json.deployment(d, d.creatorLogin().equals(botLogin()), appSince)).toList();
                return page(path, query, items);
            }
            if (method.equals("POST")) {
                JsonNode request = validated("/repos/{owner}/{repo}/deployments", "post", body,
                        "https://docs.github.com/rest/deployments/deployments#create-a-deployment");
                return createDeployment(repo, request, actor);
            }
        }
        if ((m = DEPLOYMENT_STATUSES.matcher(path)).matches() && method.equals("POST")) {
            GitHubWorld.Repo repo = repo(m, actor);
            require(actor, "write", "deployments");
            Deployment deployment = world.deployment(repo, Long.parseLong(m.group(3))).orElseThrow(GitHubRequestRejected::notFound);
            JsonNode request = validated("/repos/{owner}/{repo}/deployments/{deployment_id}/statuses", "post", body,
                    "https://docs.github.com/rest/deployments/statuses#create-a-deployment-status");
            String description = request.path("description").asText("");
            if (description.length() > MAX_STATUS_DESCRIPTION) {
                throw GitHubRequestRejected.validationFailed("DeploymentStatus", "description", "custom",
                        "description is too long (maximum is " + MAX_STATUS_DESCRIPTION + " characters)");
            }
            String logUrl = request.hasNonNull("log_url") ? request.get("log_url").asText() : request.path("target_url").asText("");
            Deployment.Status status = world.addStatus(repo, deployment.id(), new Deployment.Status(world.nextId(),
                    request.get("state").asText(), description, request.path("environment_url").asText(""), logUrl,
                    actor.login(), Instant.now()));
            Deployment current = world.deployment(repo, deployment.id()).orElseThrow();
            return Reply.ok(201, json.deploymentStatus(current, status, actor.installationId() != null, appSince));
        }
        if ((m = REPO_HOOK_DELIVERIES.matcher(path)).matches()) {
            GitHubWorld.Repo repo = repo(m, actor);
            Webhook hook = hookOf(actor, Webhook.Kind.REPOSITORY, repo.fullName, Long.parseLong(m.group(3)));
            return hookDeliveries(hook, m.group(4), m.group(5) != null, method, path, query);
        }
        if ((m = ORG_HOOK_DELIVERIES.matcher(path)).matches()) {
            if (!actor.mayAccess(m.group(1))) {
                throw GitHubRequestRejected.notFound();
            }
            Webhook hook = hookOf(actor, Webhook.Kind.ORGANIZATION, m.group(1), Long.parseLong(m.group(2)));
            return hookDeliveries(hook, m.group(3), m.group(4) != null, method, path, query);
        }
        if ((m = DISPATCHES.matcher(path)).matches() && method.equals("POST")) {
            GitHubWorld.Repo repo = repo(m, actor);
            require(actor, "write", "contents");
            JsonNode request = validated("/repos/{owner}/{repo}/dispatches", "post", body,
                    "https://docs.github.com/rest/repos/repos#create-a-repository-dispatch-event");
            JsonNode payload = request.path("client_payload");
            if (!payload.isMissingNode() && payload.toString().getBytes(StandardCharsets.UTF_8).length >= MAX_CLIENT_PAYLOAD_BYTES) {
                throw GitHubRequestRejected.invalidRequest("client_payload is too large (must be less than 64KB).",
                        "https://docs.github.com/rest/repos/repos#create-a-repository-dispatch-event");
            }
            Map<String, Object> clientPayload = payload.isObject() ? JSON.convertValue(payload, OBJECT) : Map.of();
            world.addDispatch(repo, new Dispatch(repo.fullName, request.get("event_type").asText(), clientPayload,
                    actor.login(), Instant.now()));
            return new Reply(204, null, Map.of());
        }
        throw GitHubRequestRejected.notFound();
    }

    /**
     * A repository's or organisation's webhook, for a token that may administer it. The App's
     * installation tokens carry no {@code repository_hooks}/{@code organization_hooks} permission, so
     * GitHub refuses them.
     */
    private Webhook hookOf(GitHubWorld.Actor actor, Webhook.Kind kind, String target, long id) {
        if (actor.installationId() != null) {
            throw new GitHubRequestRejected(403, "Resource not accessible by integration", HOOK_DOCS, null, null);
        }
        return world.hook(id).filter(hook -> hook.kind() == kind && hook.target().equalsIgnoreCase(target))
                .orElseThrow(GitHubRequestRejected::notFound);
    }

    /**
     * A webhook's deliveries: the listing (newest first, {@code per_page} up to 100, {@code cursor}
     * pagination with a {@code Link} {@code rel="next"}, {@code status=success|failure} by status code
     * range), one attempt in full, or a redelivery (202 at once, the attempt a moment later).
     */
    private Reply hookDeliveries(Webhook hook, String deliveryId, boolean attempts, String method, String path,
                                 Map<String, String> query) {
        List<HookDelivery> all = hook == null ? List.of() : world.hookDeliveries(hook.id());
        if (deliveryId == null && method.equals("GET")) {
            return deliveriesPage(all, path, query);
        }
        if (deliveryId == null) {
            throw GitHubRequestRejected.notFound();
        }
        HookDelivery delivery = all.stream().filter(d -> d.id() == Long.parseLong(deliveryId)).findFirst()
                .orElseThrow(GitHubRequestRejected::notFound);
        if (!attempts && method.equals("GET")) {
            Object payload;
            try {
                payload = JSON.readValue(delivery.payload(), OBJECT);
            } catch (JsonProcessingException e) {
                payload = null;
            }
            return Reply.ok(200, json.hookDeliveryInFull(delivery, payload));
        }
        if (attempts && method.equals("POST")) {
            deliverer.redeliverSoon(hook, delivery);
            return Reply.ok(202, Map.of());
        }
        throw GitHubRequestRejected.notFound();
    }

    private Reply deliveriesPage(List<HookDelivery> all, String path, Map<String, String> query) {
        String status = query.get("status");
        if (status != null && !status.equals("success") && !status.equals("failure")) {
            throw GitHubRequestRejected.invalidRequest("Invalid value for parameter \"status\": " + status, HOOK_DOCS);
        }
        // GitHub's classes by status code range: success 200-399, failure 400-599.
        List<HookDelivery> items = all.stream().filter(d -> status == null || (status.equals("success")
                ? d.statusCode() >= 200 && d.statusCode() < 400 : d.statusCode() >= 400 && d.statusCode() < 600)).toList();
        int perPage = Math.max(1, Math.min(100, intParam(query, "per_page", 30)));
        int from = 0;
        String cursor = query.get("cursor");
        if (cursor != null && !cursor.isEmpty()) {
            Matcher c = CURSOR.matcher(cursor);
            if (!c.matches()) {
                throw new GitHubRequestRejected(400, "Invalid cursor", HOOK_DOCS, null, null);
            }
            long start = Long.parseLong(c.group(1));
            while (from < items.size() && items.get(from).id() > start) {
                from++;
            }
        }
        int to = Math.min(items.size(), from + perPage);
        Map<String, String> headers = new LinkedHashMap<>();
        if (to < items.size()) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("per_page", Integer.toString(perPage));
            params.put("cursor", "v1_" + items.get(to).id());
            if (status != null) {
                params.put("status", status);
            }
            StringBuilder url = new StringBuilder(baseUrl).append(path).append('?');
            params.forEach((k, v) -> url.append(k).append('=').append(v).append('&'));
            url.setLength(url.length() - 1);
            headers.put("Link", "<" + url + ">; rel=\"next\"");
        }
        List<Object> page = items.subList(from, to).stream().map(d -> (Object) json.hookDelivery(d)).toList();
        return new Reply(200, page, headers);
    }

    private Reply createAccessToken(long installationId, String body) {
        String account = world.installationAccount(installationId).orElseThrow(GitHubRequestRejected::notFound);
        JsonNode request = body.isBlank() ? JSON.createObjectNode()
                : validated("/app/installations/{installation_id}/access_tokens", "post", body,
                        "https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app");
        java.util.Set<String> repositories = new java.util.TreeSet<>();
        for (JsonNode name : request.path("repositories")) {
            if (world.repo(account + "/" + name.asText()).isEmpty()) {
                throw new GitHubRequestRejected(422, "There is at least one repository that does not exist or is not accessible to the parent installation.");
            }
            repositories.add(name.asText().toLowerCase(java.util.Locale.ROOT));
        }
        Map<String, String> permissions = new java.util.TreeMap<>();
        request.path("permissions").fields().forEachRemaining(p -> permissions.put(p.getKey(), p.getValue().asText()));
        for (Map.Entry<String, String> asked : permissions.entrySet()) {
            String granted = GitHubJson.INSTALLATION_PERMISSIONS.get(asked.getKey());
            if (granted == null || (granted.equals("read") && !asked.getValue().equals("read"))) {
                throw new GitHubRequestRejected(422, "The permissions requested are not granted to this installation.");
            }
        }
        GitHubWorld.IssuedToken token = world.issueToken(installationId, settings.installationTokenLifetime(), repositories,
                permissions.isEmpty() ? GitHubJson.INSTALLATION_PERMISSIONS : permissions);
        return Reply.ok(201, json.installationToken(token));
    }

    /** What GitHub answers an installation token used beyond the permissions it was granted. */
    private static void require(GitHubWorld.Actor actor, String level, String... anyOf) {
        for (String permission : anyOf) {
            if (actor.may(permission, level)) {
                return;
            }
        }
        throw new GitHubRequestRejected(403, "Resource not accessible by integration");
    }

    private Reply createDeployment(GitHubWorld.Repo repo, JsonNode request, GitHubWorld.Actor actor) {
        String ref = request.get("ref").asText();
        String sha;
        if (SHA.matcher(ref).matches()) {
            sha = ref;
        } else if (repo.branches.contains(ref)) {
            sha = String.format("%040x", Math.abs((long) (repo.fullName + ref).hashCode()));
        } else {
            throw new GitHubRequestRejected(422, "No ref found for: " + ref,
                    "https://docs.github.com/rest/deployments/deployments#create-a-deployment", null, null);
        }
        String environment = request.path("environment").asText("production");
        boolean production = request.has("production_environment") ? request.get("production_environment").asBoolean()
                : environment.equals("production");
        JsonNode payload = request.path("payload");
        Object payloadValue = payload.isObject() ? JSON.convertValue(payload, OBJECT) : payload.isTextual() ? payload.asText() : Map.of();
        Deployment deployment = world.addDeployment(repo, new Deployment(world.nextId(), repo.fullName, ref, sha,
                request.path("task").asText("deploy"), environment,
                request.hasNonNull("description") ? request.get("description").asText() : null,
                request.path("transient_environment").asBoolean(false), production, payloadValue, actor.login(),
                Instant.now(), List.of()));
        return Reply.ok(201, json.deployment(deployment, actor.installationId() != null, appSince));
    }

    private GitHubWorld.Repo repo(Matcher m, GitHubWorld.Actor actor) {
        String owner = m.group(1);
        if (!actor.mayAccess(owner, m.group(2))) {
            throw GitHubRequestRejected.notFound();
        }
        return world.repo(owner + "/" + m.group(2)).orElseThrow(GitHubRequestRejected::notFound);
    }

    private JsonNode validated(String path, String method, String body, String docs) {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new GitHubRequestRejected(400, "Problems parsing JSON", docs, null, null);
        }
        if (request == null || request.isMissingNode()) {
            throw new GitHubRequestRejected(400, "Problems parsing JSON", docs, null, null);
        }
        List<String> problems = RestApiDescription.get().requestProblems(path, method, request);
        if (!problems.isEmpty()) {
            throw GitHubRequestRejected.invalidRequest(String.join("\n", problems), docs);
        }
        return request;
    }

    private static String commentBody(JsonNode request) {
        String text = request.get("body").asText();
        if (text.length() > MAX_COMMENT_LENGTH) {
            throw GitHubRequestRejected.validationFailed("IssueComment", "body", "custom",
                    "body is too long (maximum is " + MAX_COMMENT_LENGTH + " characters)");
        }
        return text;
    }

    private void requireAppJwt(String credentials) {
        if (jwt == null) {
            throw GitHubRequestRejected.notFound();
        }
        if (credentials == null) {
            throw new GitHubRequestRejected(401, "A JSON web token could not be decoded");
        }
        jwt.verify(credentials);
    }

    private GitHubWorld.Actor authenticate(String credentials) {
        if (credentials == null) {
            throw GitHubRequestRejected.requiresAuthentication();
        }
        return world.actorFor(credentials, botLogin()).orElseThrow(GitHubRequestRejected::badCredentials);
    }

    private synchronized Map<String, String> countAgainstPrimaryLimit(GitHubWorld.Actor actor) {
        Instant now = Instant.now();
        RateWindow window = primary.compute(actor.rateLimitSubject(), (k, w) ->
                w == null || !w.resetAt.isAfter(now) ? new RateWindow(now.plus(Duration.ofHours(1))) : w);
        int limit = settings.primaryRateLimit();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-ratelimit-limit", Integer.toString(limit));
        headers.put("x-ratelimit-reset", Long.toString(window.resetAt.getEpochSecond()));
        headers.put("x-ratelimit-resource", "core");
        if (window.used >= limit) {
            headers.put("x-ratelimit-remaining", "0");
            headers.put("x-ratelimit-used", Integer.toString(window.used));
            throw new GitHubRequestRejected(403, "API rate limit exceeded for " + actor.rateLimitSubject() + ".",
                    "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api", null, headers);
        }
        window.used++;
        headers.put("x-ratelimit-remaining", Integer.toString(limit - window.used));
        headers.put("x-ratelimit-used", Integer.toString(window.used));
        return headers;
    }

    private synchronized void checkSecondaryLimit(GitHubWorld.Actor actor) {
        Instant now = Instant.now();
        Deque<Instant> writes = contentCreation.computeIfAbsent(actor.rateLimitSubject(), k -> new ArrayDeque<>());
        while (!writes.isEmpty() && writes.peekFirst().isBefore(now.minus(Duration.ofMinutes(1)))) {
            writes.pollFirst();
        }
        if (writes.size() >= settings.contentCreationPerMinute()) {
            Duration wait = Duration.between(now, writes.peekFirst().plus(Duration.ofMinutes(1)));
            throw GitHubFaults.rateLimited(RateLimitKind.SECONDARY, actor.rateLimitSubject(), wait);
        }
        writes.addLast(now);
    }

    private Reply page(String path, Map<String, String> query, List<Object> items) {
        int perPage = intParam(query, "per_page", 30);
        int page = intParam(query, "page", 1);
        perPage = Math.max(1, Math.min(100, perPage));
        page = Math.max(1, page);
        int last = Math.max(1, (items.size() + perPage - 1) / perPage);
        int from = Math.min(items.size(), (page - 1) * perPage);
        int to = Math.min(items.size(), from + perPage);
        Map<String, String> headers = new LinkedHashMap<>();
        if (last > 1) {
            List<String> links = new ArrayList<>();
            if (page > 1) {
                links.add(link(path, query, perPage, page - 1, "prev"));
            }
            if (page < last) {
                links.add(link(path, query, perPage, page + 1, "next"));
                links.add(link(path, query, perPage, last, "last"));
            }
            if (page > 1) {
                links.add(link(path, query, perPage, 1, "first"));
            }
            headers.put("Link", String.join(", ", links));
        }
        return new Reply(200, items.subList(from, to), headers);
    }

    private String link(String path, Map<String, String> query, int perPage, int page, String rel) {
        Map<String, String> params = new LinkedHashMap<>(query);
        params.remove("per_page");
        params.remove("page");
        params.put("per_page", Integer.toString(perPage));
        params.put("page", Integer.toString(page));
        StringBuilder url = new StringBuilder(baseUrl).append(path).append('?');
        params.forEach((k, v) -> url.append(k).append('=').append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        url.setLength(url.length() - 1);
        return "<" + url + ">; rel=\"" + rel + "\"";
    }

    private static int intParam(Map<String, String> query, String name, int fallback) {
        String value = query.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw GitHubRequestRejected.invalidRequest("Invalid value for parameter \"" + name + "\": " + value, GitHubRequestRejected.DOCS);
        }
    }

    private static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String trimmed = authorization.trim();
        int space = trimmed.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String scheme = trimmed.substring(0, space).toLowerCase(Locale.ROOT);
        return scheme.equals("bearer") || scheme.equals("token") ? trimmed.substring(space + 1).trim() : null;
    }

    private static Map<String, List<String>> lowerCased(HttpExchange exchange) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        return headers;
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            query.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("x-github-api-version-selected", "2022-11-28");
        headers.set("x-github-request-id", RequestIds.next());
        reply.headers().forEach(headers::set);
        if (reply.body() == null) {
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        byte[] bytes = JSON.writeValueAsBytes(reply.body());
        headers.set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static final class RateWindow {
        final Instant resetAt;
        int used;

        RateWindow(Instant resetAt) {
            this.resetAt = resetAt;
        }
    }

    private record Reply(int status, Object body, Map<String, String> headers) {
        static Reply ok(int status, Object body) {
            return new Reply(status, body, Map.of());
        }
    }
}
