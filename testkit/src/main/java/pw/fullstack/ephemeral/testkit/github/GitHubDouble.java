package pw.fullstack.ephemeral.testkit.github;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * GitHub's REST API as far as the notifier and the github-bridge use it, on loopback: issue comments
 * (list with {@code Link} pagination, create, update), deployments (create, list) and deployment
 * statuses, repository dispatch, GitHub App authentication (App JWT → installation token), and
 * webhooks: deliveries sent to a receiver as GitHub sends them, listed and redelivered through the API
 * as GitHub documents it. Request bodies
 * and the double's own replies are checked against GitHub's REST description ({@link RestApiDescription},
 * from the upstream directory): a reply the description does not allow becomes a 500 and is listed by
 * {@link #contractViolations()}. Errors come in GitHub's shape. Test knobs inject rate limiting (with GitHub's headers), server
 * errors, slow responses, expired tokens and a stopped server.
 *
 * <pre>{@code
 * GitHubAppKey key = GitHubAppKey.generate();
 * try (GitHubDouble github = GitHubDouble.builder()
 *         .app(4242, "ephemeral-clusters", key.publicKey())
 *         .installation(77, "fullstack-pw")
 *         .pullRequest("fullstack-pw/cks-backend", 42)
 *         .start()) {
 *     // point the client at github.url(); App id 4242, key.privateKeyPem()
 * }
 * }</pre>
 */
public final class GitHubDouble implements AutoCloseable {

    static {
        // As for the Vault emulator: the JDK HttpServer otherwise waits ~40 ms per reply for a delayed ACK.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    private final GitHubWorld world;
    private final GitHubFaults faults = new GitHubFaults();
    private final GitHubHttpHandler handler;
    private final WebhookDeliverer deliverer;
    private final Settings settings;
    private HttpServer server;
    private ExecutorService executor;
    private int port;

    /** Fixed settings of one double. */
    record Settings(long appId, String appSlug, RSAPublicKey appKey, Duration installationTokenLifetime,
                    int primaryRateLimit, int contentCreationPerMinute) {
    }

    private GitHubDouble(GitHubWorld world, Settings settings) {
        this.world = world;
        this.settings = settings;
        this.deliverer = new WebhookDeliverer(world, settings.appId());
        this.handler = new GitHubHttpHandler(world, faults, settings, deliverer);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public synchronized int port() {
        if (port == 0) {
            throw new IllegalStateException("the GitHub double was never started");
        }
        return port;
    }

    public long appId() {
        return settings.appId();
    }

    /** The login comments and deployments made with an installation token show: {@code <slug>[bot]}. */
    public String botLogin() {
        return handler.botLogin();
    }

    // ---- the world --------------------------------------------------------------------------

    public void repository(String ownerSlashName) {
        world.addRepository(ownerSlashName);
    }

    /** Makes the PR (an issue, for the comments API) exist; its repository too. */
    public void pullRequest(String ownerSlashName, int number) {
        world.openPullRequest(ownerSlashName, number);
    }

    public void branch(String ownerSlashName, String branch) {
        world.addBranch(ownerSlashName, branch);
    }

    public void installation(long id, String account) {
        world.addInstallation(id, account);
    }

    /**
     * The App is uninstalled from {@code account} and installed again, as an owner may do: the old
     * installation id answers 404 and its tokens 401; returns the new installation id.
     */
    public long reinstall(String account) {
        return world.reinstall(account);
    }

    /** A comment written by someone else (a person, another bot), e.g. to fill pages or to forge a marker. */
    public Comment addComment(String ownerSlashName, int number, String login, String body) {
        GitHubWorld.Repo repo = world.repo(ownerSlashName).orElseThrow(() -> new IllegalArgumentException("no repository " + ownerSlashName));
        return world.addComment(repo, number, login, login.endsWith("[bot]") ? "Bot" : "User", body);
    }

    /**
     * Someone with write access edits an existing comment in GitHub's UI (the author stays the same,
     * as on GitHub): the body is replaced.
     */
    public Comment editComment(String ownerSlashName, long commentId, String body) {
        GitHubWorld.Repo repo = world.repo(ownerSlashName).orElseThrow(() -> new IllegalArgumentException("no repository " + ownerSlashName));
        return world.updateComment(repo, commentId, body).orElseThrow(() -> new IllegalArgumentException("no comment " + commentId));
    }

    // ---- webhooks ------------------------------------------------------------------------------

    /**
     * The App's webhook (one per App; configuring it again changes its URL and secret). Its deliveries
     * are listed and redelivered with the App's JWT at {@code /app/hook/deliveries}.
     */
    public Webhook appWebhook(java.net.URI url, String secret) {
        if (settings.appKey() == null) {
            throw new IllegalStateException("an App webhook needs an App: builder().app(...)");
        }
        return world.addHook(Webhook.Kind.APP, settings.appSlug(), url, secret);
    }

    /** A webhook of the repository (which then exists), listed at {@code /repos/{owner}/{repo}/hooks/{id}/deliveries}. */
    public Webhook repositoryWebhook(String ownerSlashName, java.net.URI url, String secret) {
        world.addRepository(ownerSlashName);
        return world.addHook(Webhook.Kind.REPOSITORY, ownerSlashName, url, secret);
    }

    /** A webhook of the organisation, listed at {@code /orgs/{org}/hooks/{id}/deliveries}. */
    public Webhook organizationWebhook(String org, java.net.URI url, String secret) {
        return world.addHook(Webhook.Kind.ORGANIZATION, org, url, secret);
    }

    /**
     * Delivers a new event ({@code X-GitHub-Delivery} a fresh guid) to the webhook now, as GitHub does
     * when something happens, and returns the attempt with the receiver's answer. GitHub does not retry a
     * failed delivery; it can be redelivered through the API.
     */
    public HookDelivery deliver(Webhook hook, String event, String payload) {
        return deliverer.deliver(hook, java.util.UUID.randomUUID().toString(), event, payload, false);
    }

    /** Every attempt to deliver to the webhook, oldest first. */
    public List<HookDelivery> hookDeliveries(Webhook hook) {
        List<HookDelivery> attempts = new ArrayList<>(world.hookDeliveries(hook.id()));
        java.util.Collections.reverse(attempts);
        return attempts;
    }

    // ---- inspection -------------------------------------------------------------------------

    public List<Comment> comments(String ownerSlashName, int number) {
        return world.repo(ownerSlashName).map(repo -> world.comments(repo, number)).orElse(List.of());
    }

    public List<Comment> allComments() {
        return world.allComments();
    }

    /** Oldest first. */
    public List<Deployment> deployments(String ownerSlashName) {
        return world.repo(ownerSlashName).map(world::deployments).orElse(List.of());
    }

    public List<Dispatch> dispatches(String ownerSlashName) {
        return world.repo(ownerSlashName).map(world::dispatches).orElse(List.of());
    }

    /** Every request received, in order, with the status it got. */
    public List<RecordedRequest> requests() {
        return handler.recorded();
    }

    /** Replies the double was about to send that GitHub's REST description does not allow (sent as 500s instead). */
    public List<String> contractViolations() {
        return handler.contractViolations();
    }

    /** Installation tokens handed out so far (secrets a test may look for in the traffic). */
    public List<String> issuedTokens() {
        return world.issuedTokenValues();
    }

    /** Called after a comment is created or updated (the sandbox writes the PR's comment to a file). */
    public void onComment(Consumer<Comment> listener) {
        world.onComment(listener);
    }

    public void onRequest(Consumer<RecordedRequest> listener) {
        handler.onRequest(listener);
    }

    // ---- faults -------------------------------------------------------------------------------

    /** The next {@code count} authenticated API requests are refused for rate limiting. */
    public void rateLimitNext(int count, RateLimitKind kind) {
        faults.rateLimitNext(count, kind);
    }

    /** How long a simulated rate limit tells the client to wait ({@code retry-after}, reset time); default 1 s. */
    public void rateLimitWait(Duration wait) {
        faults.rateLimitWait(wait);
    }

    /** The next {@code count} authenticated API requests fail with {@code status} (500, 502, 503, 504). */
    public void failNext(int count, int status) {
        faults.failNext(count, status);
    }

    public void delayResponses(Duration delay) {
        faults.delayResponses(delay);
    }

    /** Every installation token issued so far stops working (401 Bad credentials), as after expiry. */
    public void expireInstallationTokens() {
        world.expireIssuedTokens();
    }

    /** Closes the port (connection refused); the data stays for {@link #restartOnSamePort()}. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
            executor = null;
        }
    }

    public synchronized GitHubDouble restartOnSamePort() {
        if (server != null) {
            throw new IllegalStateException("the GitHub double is still running on port " + port);
        }
        bind(port());
        return this;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    @Override
    public void close() {
        stop();
        deliverer.close();
    }

    private synchronized GitHubDouble startServer() {
        bind(0);
        return this;
    }

    private void bind(int requestedPort) {
        try {
            HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 0);
            created.createContext("/", handler);
            ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "github-double-" + THREAD_NUMBER.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            created.setExecutor(threads);
            created.start();
            server = created;
            executor = threads;
            port = created.getAddress().getPort();
            handler.baseUrl(url());
        } catch (IOException e) {
            throw new UncheckedIOException("GitHub double could not listen on port " + requestedPort, e);
        }
    }

    public static final class Builder {
        private long appId;
        private String appSlug = "ephemeral-clusters";
        private RSAPublicKey appKey;
        private Duration tokenLifetime = Duration.ofHours(1);
        private int primaryRateLimit = 5000;
        private int contentCreationPerMinute = 80;
        private final List<Consumer<GitHubWorld>> setup = new ArrayList<>();

        private Builder() {
        }

        /** A GitHub App whose JWTs (RS256, signed with the private half of {@code key}) the double accepts. */
        public Builder app(long id, String slug, RSAPublicKey key) {
            this.appId = id;
            this.appSlug = Objects.requireNonNull(slug);
            this.appKey = Objects.requireNonNull(key);
            return this;
        }

        public Builder installation(long id, String account) {
            setup.add(world -> world.addInstallation(id, account));
            return this;
        }

        /** A personal or fine-grained token acting as {@code login} on every repository. */
        public Builder token(String token, String login) {
            setup.add(world -> world.addPlainToken(token, login));
            return this;
        }

        public Builder repository(String ownerSlashName) {
            setup.add(world -> world.addRepository(ownerSlashName));
            return this;
        }

        public Builder pullRequest(String ownerSlashName, int number) {
            setup.add(world -> world.openPullRequest(ownerSlashName, number));
            return this;
        }

        /** GitHub's is one hour. */
        public Builder installationTokenLifetime(Duration lifetime) {
            this.tokenLifetime = lifetime;
            return this;
        }

        /** Requests per hour per installation or user (GitHub: 5,000 and up). */
        public Builder primaryRateLimit(int perHour) {
            this.primaryRateLimit = perHour;
            return this;
        }

        /** Writes per minute per installation or user before the secondary limit answers 403 (GitHub: about 80). */
        public Builder contentCreationPerMinute(int perMinute) {
            this.contentCreationPerMinute = perMinute;
            return this;
        }

        public GitHubDouble start() {
            GitHubWorld world = new GitHubWorld();
            setup.forEach(step -> step.accept(world));
            return new GitHubDouble(world, new Settings(appId, appSlug, appKey, tokenLifetime, primaryRateLimit,
                    contentCreationPerMinute)).startServer();
        }
    }
}
