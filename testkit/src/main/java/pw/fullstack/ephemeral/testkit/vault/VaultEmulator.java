package pw.fullstack.ephemeral.testkit.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A Vault server as far as this project uses one: token auth (tokens with ACL policies, TTLs,
 * accessors, renewal and revocation; token roles), the Kubernetes auth method (enabled through
 * {@code sys/auth}, its config and roles; logins checked against {@link #serviceAccountTokens()}), KV v2 secrets engines with versions and check-and-set
 * ({@code cas_required} per key through its metadata and per mount through its config), sys/health. The configured token is a root token; every other token is held to its policies. HTTP on loopback, on a random port. Test knobs simulate a sealed,
 * failing, slow or stopped Vault.
 *
 * <pre>{@code
 * try (VaultEmulator vault = VaultEmulator.builder().mount(KvMount.named("kv")).start()) {
 *     // point the client at vault.url() with vault.token()
 * }
 * }</pre>
 */
public final class VaultEmulator implements AutoCloseable {

    static {
        // The JDK's HttpServer leaves Nagle's algorithm on unless told otherwise (read once, when the
        // first server starts): every reply then waits ~40 ms for a delayed ACK, which turns a 7 ms
        // allocation into 270 ms and makes benchmarks measure the emulator, not the service.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    public static final String DEFAULT_MOUNT = "kv";
    public static final String DEFAULT_TOKEN = "testkit-root-token";

    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    private final String token;
    private final EmulatorClock clock = new EmulatorClock();
    private final TokenAuth auth;
    private final ServiceAccountTokens serviceAccountTokens;
    private final Map<String, KvMountStore> mounts;
    private final VaultFaults faults = new VaultFaults();
    private final VaultHttpHandler handler;
    private HttpServer server;
    private ExecutorService executor;
    private int port;

    private VaultEmulator(String token, List<KvMount> mountList) {
        this.token = token;
        Map<String, KvMountStore> stores = new LinkedHashMap<>();
        for (KvMount mount : mountList) {
            stores.put(mount.name(), new KvMountStore(mount, clock));
        }
        this.mounts = Collections.unmodifiableMap(stores);
        this.auth = new TokenAuth(token, clock);
        this.serviceAccountTokens = new ServiceAccountTokens(clock);
        this.handler = new VaultHttpHandler(auth, new KubernetesAuth(auth, serviceAccountTokens), List.copyOf(stores.values()),
                faults);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Default token, one mount {@value #DEFAULT_MOUNT}, started. */
    public static VaultEmulator start() {
        return builder().start();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public synchronized int port() {
        if (port == 0) {
            throw new IllegalStateException("emulator was never started");
        }
        return port;
    }

    public String token() {
        return token;
    }

    public List<String> mountNames() {
        return List.copyOf(mounts.keySet());
    }

    // ---- fault injection ------------------------------------------------------------------

    /** Until {@link #unseal()}: every request gets 503 {@code Vault is sealed}; sys/health says sealed. */
    public void seal() {
        faults.seal();
    }

    public void unseal() {
        faults.unseal();
    }

    public boolean isSealed() {
        return faults.sealed();
    }

    /**
     * The next {@code count} requests (health checks included) fail with {@code status} and a
     * Vault-like error body, e.g. 500 {@code {"errors":["internal error"]}}. Replaces any failures
     * still pending; {@code failNext(0, 500)} cancels them.
     */
    public void failNext(int count, int status) {
        faults.failNext(count, status);
    }

    /**
     * The next {@code count} check-and-set writes lose a race: 400 {@code check-and-set parameter did not
     * match the current version}, as when another writer got there first; the data is unchanged, so
     * a client that reads again and retries succeeds. {@code casConflictNext(0)} cancels.
     */
    public void casConflictNext(int count) {
        faults.casConflictNext(count);
    }

    /** Every response waits this long first; {@link Duration#ZERO} switches it off. */
    public void delayResponses(Duration delay) {
        faults.delayResponses(delay);
    }

    /** Closes the port: clients get "connection refused". The data stays for {@link #restartOnSamePort()}. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
            executor = null;
        }
    }

    /** Vault is back, on the port it had, with every secret and version it held. */
    public synchronized VaultEmulator restartOnSamePort() {
        if (server != null) {
            throw new IllegalStateException("emulator is still running on port " + port);
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
    }

    // ---- inspection and seeding for tests --------------------------------------------------

    /** 0 when the key does not exist. */
    public int currentVersion(String mount, String path) {
        return store(mount).currentVersion(KvMount.trimSlashes(path));
    }

    /** The latest version's data; empty when the key is absent or its latest version is deleted. */
    public Optional<Map<String, Object>> read(String mount, String path) {
        return store(mount).read(KvMount.trimSlashes(path), 0)
                .filter(version -> !version.isDeleted())
                .map(SecretVersion::data);
    }

    /** Writes unconditionally, bypassing HTTP (and cas_required): seeds a test's starting state. */
    public int write(String mount, String path, Map<String, Object> data) {
        return store(mount).write(KvMount.trimSlashes(path), null, data, false).version();
    }

    /** Token expiry and KV timestamps move forward by this much, as if that time had passed. */
    public void advanceClock(Duration by) {
        clock.advance(by);
    }

    /** Live (unexpired, unrevoked) tokens, the root token included. */
    public List<IssuedToken> liveTokens() {
        return auth.liveTokens();
    }

    /** Names of the ACL policies Vault holds ({@code default} and {@code root} included). */
    public List<String> policyNames() {
        return auth.policyNames();
    }

    /** Writes an ACL policy (HCL or JSON) as {@code sys/policies/acl/<name>} would, bypassing HTTP. */
    public void putPolicy(String name, String policy) {
        auth.putPolicy(AclPolicy.parse(name, policy));
    }

    /**
     * Writes a token role as {@code POST auth/token/roles/<name>} would, bypassing HTTP; parameters as
     * Vault's API names them ({@code allowed_policies_glob}, {@code orphan}, {@code token_explicit_max_ttl}, …).
     */
    public void putTokenRole(String name, Map<String, Object> parameters) {
        auth.putRole(TokenAuthRoutes.role(name, new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(parameters)));
    }

    /**
     * The Kubernetes cluster whose service-account tokens the Kubernetes auth method accepts (its TokenReview): issue a
     * token as a pod's projected volume would hold it and hand it to a login.
     */
    public ServiceAccountTokens serviceAccountTokens() {
        return serviceAccountTokens;
    }

    /**
     * Logs in through the Kubernetes auth method at {@code auth/kubernetes} over HTTP, as a service's quarkus-vault
     * does, and returns the client token.
     *
     * @throws IllegalStateException with Vault's status and errors when the login is refused
     */
    public String loginWithKubernetes(String role, String serviceAccountJwt) {
        try {
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url() + "/v1/auth/kubernetes/login"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            json.writeValueAsString(Map.of("role", role, "jwt", serviceAccountJwt))))
                    .build();
            var reply = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() != 200) {
                throw new IllegalStateException("login as " + role + " refused: " + reply.statusCode() + " " + reply.body());
            }
            return json.readTree(reply.body()).at("/auth/client_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException("login as " + role + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted logging in as " + role, e);
        }
    }

    /** Requests received since start, whatever their outcome (health checks and rejected ones too). */
    public long requestCount() {
        return handler.requestCount();
    }

    private KvMountStore store(String mount) {
        KvMountStore store = mounts.get(KvMount.trimSlashes(mount));
        if (store == null) {
            throw new IllegalArgumentException("no such mount: " + mount + " (mounted: " + mounts.keySet() + ")");
        }
        return store;
    }

    private synchronized VaultEmulator startServer() {
        bind(0);
        return this;
    }

    private void bind(int requestedPort) {
        try {
            HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 0);
            created.createContext("/", handler);
            // Several threads, so a delayed response does not hold up every other client.
            ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "vault-emulator-" + THREAD_NUMBER.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            created.setExecutor(threads);
            created.start();
            server = created;
            executor = threads;
            port = created.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("vault emulator could not listen on port " + requestedPort, e);
        }
    }

    public static final class Builder {
        private String token = DEFAULT_TOKEN;
        private final List<KvMount> mounts = new ArrayList<>();

        private Builder() {
        }

        public Builder token(String token) {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("a Vault token cannot be blank");
            }
            this.token = token;
            return this;
        }

        /** Adds a KV v2 mount; without any, the emulator has one mount {@value #DEFAULT_MOUNT}. */
        public Builder mount(KvMount mount) {
            if (mounts.stream().anyMatch(existing -> existing.name().equals(mount.name()))) {
                throw new IllegalArgumentException("mount " + mount.name() + " given twice");
            }
            mounts.add(mount);
            return this;
        }

        public VaultEmulator start() {
            List<KvMount> effective = mounts.isEmpty() ? List.of(KvMount.named(DEFAULT_MOUNT)) : mounts;
            return new VaultEmulator(token, effective).startServer();
        }
    }
}
