package pw.fullstack.ephemeral.testkit.github;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What the double's GitHub holds: repositories, their pull requests (issues), comments,
 * deployments, dispatches, the App's installations and the tokens it issued. Thread-safe (one lock).
 */
final class GitHubWorld {

    private static final char[] TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final SecureRandom random = new SecureRandom();
    private final AtomicLong ids = new AtomicLong(1_000_000);
    private final Map<String, Repo> repositories = new LinkedHashMap<>();
    private final Map<Long, String> installations = new LinkedHashMap<>(); // id -> account (lower-case)
    private final Map<String, IssuedToken> issuedTokens = new LinkedHashMap<>();
    private final Map<String, String> plainTokens = new LinkedHashMap<>(); // token -> login
    private final List<Consumer<Comment>> commentListeners = new CopyOnWriteArrayList<>();
    private final Map<Long, Webhook> hooks = new LinkedHashMap<>();
    private final List<HookDelivery> hookDeliveries = new ArrayList<>();

    /**
     * An installation token: {@code repositories} (lower-case names) empty means every repository of the
     * installation; {@code permissions} as granted (the App's own when none were asked for).
     */
    record IssuedToken(String token, long installationId, Instant expiresAt, Set<String> repositories,
            Map<String, String> permissions) {
    }

    /** Who a request acts as: an installation of the App (comments by {@code <slug>[bot]}) or a user. */
    record Actor(String login, String type, Long installationId, String account, Set<String> repositories,
            Map<String, String> permissions) {

        /** Account-level resources (an organisation's hooks): a token narrowed to repositories reaches none. */
        boolean mayAccess(String owner) {
            return account == null || (account.equalsIgnoreCase(owner) && repositories.isEmpty());
        }

        boolean mayAccess(String owner, String repository) {
            return account == null || (account.equalsIgnoreCase(owner)
                    && (repositories.isEmpty() || repositories.contains(repository.toLowerCase(Locale.ROOT))));
        }

        /** A user's token may do anything here; an installation token only what it was granted. */
        boolean may(String permission, String level) {
            if (installationId == null) {
                return true;
            }
            String granted = permissions.get(permission);
            return granted != null && (granted.equals(level) || granted.equals("write") || granted.equals("admin"));
        }

        String rateLimitSubject() {
            return installationId != null ? "installation ID " + installationId : "user ID " + Math.abs(login.hashCode());
        }
    }

    static final class Repo {
        final String fullName;
        final long id;
        final Set<Integer> issues = new LinkedHashSet<>();
        final Set<String> branches = new LinkedHashSet<>(List.of("main"));
        final List<Comment> comments = new ArrayList<>();
        final List<Deployment> deployments = new ArrayList<>();
        final List<Dispatch> dispatches = new ArrayList<>();

        Repo(String fullName, long id) {
            this.fullName = fullName;
            this.id = id;
        }
    }

    synchronized void addRepository(String fullName) {
        repositories.computeIfAbsent(key(fullName), k -> new Repo(fullName, ids.incrementAndGet()));
    }

    synchronized void addBranch(String fullName, String branch) {
        repo(fullName).orElseThrow(() -> new IllegalArgumentException("no repository " + fullName)).branches.add(branch);
    }

    synchronized void openPullRequest(String fullName, int number) {
        addRepository(fullName);
        repositories.get(key(fullName)).issues.add(number);
    }

    synchronized void addInstallation(long id, String account) {
        installations.put(id, account.toLowerCase(Locale.ROOT));
    }

    synchronized void addPlainToken(String token, String login) {
        plainTokens.put(token, login);
    }

    synchronized Optional<Long> installationFor(String owner) {
        return installations.entrySet().stream().filter(e -> e.getValue().equalsIgnoreCase(owner))
                .map(Map.Entry::getKey).findFirst();
    }

    synchronized Optional<String> installationAccount(long id) {
        return Optional.ofNullable(installations.get(id));
    }

    /** The App is uninstalled from the account and installed again: a new installation id, the old one and its tokens gone. */
    synchronized long reinstall(String account) {
        List<Long> old = installations.entrySet().stream().filter(e -> e.getValue().equalsIgnoreCase(account)).map(Map.Entry::getKey).toList();
        old.forEach(installations::remove);
        issuedTokens.values().removeIf(issued -> old.contains(issued.installationId()));
        long id = nextId();
        installations.put(id, account.toLowerCase(Locale.ROOT));
        return id;
    }

    synchronized IssuedToken issueToken(long installationId, Duration lifetime, Set<String> repositories, Map<String, String> permissions) {
        StringBuilder token = new StringBuilder("ghs_");
        for (int i = 0; i < 36; i++) {
            token.append(TOKEN_CHARS[random.nextInt(TOKEN_CHARS.length)]);
        }
        IssuedToken issued = new IssuedToken(token.toString(), installationId, Instant.now().plus(lifetime)
                .truncatedTo(ChronoUnit.SECONDS), Set.copyOf(repositories), Map.copyOf(permissions));
        issuedTokens.put(issued.token(), issued);
        return issued;
    }

    synchronized void expireIssuedTokens() {
        issuedTokens.replaceAll((token, issued) -> new IssuedToken(token, issued.installationId(), Instant.EPOCH,
                issued.repositories(), issued.permissions()));
    }

    synchronized List<String> issuedTokenValues() {
        return List.copyOf(issuedTokens.keySet());
    }

    /** The actor a bearer token stands for; empty when the token is unknown or expired. */
    synchronized Optional<Actor> actorFor(String token, String botLogin) {
        String login = plainTokens.get(token);
        if (login != null) {
            return Optional.of(new Actor(login, "User", null, null, Set.of(), Map.of()));
        }
        IssuedToken issued = issuedTokens.get(token);
        if (issued == null || !issued.expiresAt().isAfter(Instant.now())) {
            return Optional.empty();
        }
        return Optional.of(new Actor(botLogin, "Bot", issued.installationId(), installations.get(issued.installationId()),
                issued.repositories(), issued.permissions()));
    }

    synchronized Optional<Repo> repo(String fullName) {
        return Optional.ofNullable(repositories.get(key(fullName)));
    }

    long nextId() {
        return ids.incrementAndGet();
    }

    synchronized Comment addComment(Repo repo, int issue, String login, String userType, String body) {
        Instant now = Instant.now();
        Comment comment = new Comment(nextId(), repo.fullName, issue, login, userType, body, now, now);
        repo.comments.add(comment);
        commentListeners.forEach(listener -> listener.accept(comment));
        return comment;
    }

    synchronized Optional<Comment> updateComment(Repo repo, long id, String body) {
        for (int i = 0; i < repo.comments.size(); i++) {
            Comment c = repo.comments.get(i);
            if (c.id() == id) {
                Comment updated = new Comment(c.id(), c.repository(), c.issueNumber(), c.login(), c.userType(), body,
                        c.createdAt(), Instant.now());
                repo.comments.set(i, updated);
                commentListeners.forEach(listener -> listener.accept(updated));
                return Optional.of(updated);
            }
        }
        return Optional.empty();
    }

    synchronized List<Comment> comments(Repo repo, int issue) {
        return repo.comments.stream().filter(c -> c.issueNumber() == issue).toList();
    }

    synchronized List<Comment> allComments() {
        return repositories.values().stream().flatMap(r -> r.comments.stream()).toList();
    }

    synchronized Deployment addDeployment(Repo repo, Deployment deployment) {
        repo.deployments.add(deployment);
        return deployment;
    }

    synchronized Optional<Deployment> deployment(Repo repo, long id) {
        return repo.deployments.stream().filter(d -> d.id() == id).findFirst();
    }

    synchronized Deployment.Status addStatus(Repo repo, long deploymentId, Deployment.Status status) {
        for (int i = 0; i < repo.deployments.size(); i++) {
            Deployment d = repo.deployments.get(i);
            if (d.id() == deploymentId) {
                List<Deployment.Status> statuses = new ArrayList<>(d.statuses());
                statuses.add(status);
                repo.deployments.set(i, new Deployment(d.id(), d.repository(), d.ref(), d.sha(), d.task(), d.environment(),
                        d.description(), d.transientEnvironment(), d.productionEnvironment(), d.payload(),
                        d.creatorLogin(), d.createdAt(), statuses));
                return status;
            }
        }
        throw GitHubRequestRejected.notFound();
    }

    synchronized List<Deployment> deployments(Repo repo) {
        return List.copyOf(repo.deployments);
    }

    synchronized void addDispatch(Repo repo, Dispatch dispatch) {
        repo.dispatches.add(dispatch);
    }

    synchronized List<Dispatch> dispatches(Repo repo) {
        return List.copyOf(repo.dispatches);
    }

    /** Adds the webhook. An App has one: configuring it again changes its URL and secret, as in its settings. */
    synchronized Webhook addHook(Webhook.Kind kind, String target, java.net.URI url, String secret) {
        long id = kind == Webhook.Kind.APP ? appHook().map(Webhook::id).orElseGet(this::nextId) : nextId();
        Webhook hook = new Webhook(id, kind, target, url, secret);
        hooks.put(id, hook);
        return hook;
    }

    synchronized Optional<Webhook> hook(long id) {
        return Optional.ofNullable(hooks.get(id));
    }

    synchronized Optional<Webhook> appHook() {
        return hooks.values().stream().filter(hook -> hook.kind() == Webhook.Kind.APP).findFirst();
    }

    synchronized void addHookDelivery(HookDelivery delivery) {
        hookDeliveries.add(delivery);
    }

    /** Every attempt of the hook, newest first, as GitHub lists them. */
    synchronized List<HookDelivery> hookDeliveries(long hookId) {
        return hookDeliveries.stream().filter(delivery -> delivery.hookId() == hookId)
                .sorted(java.util.Comparator.comparingLong(HookDelivery::id).reversed()).toList();
    }

    void onComment(Consumer<Comment> listener) {
        commentListeners.add(listener);
    }

    private static String key(String fullName) {
        return fullName.toLowerCase(Locale.ROOT);
    }
}
