package pw.fullstack.ephemeral.sandbox.infra;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleTopic;
import pw.fullstack.ephemeral.sandbox.kafka.LifecycleProducer;
import pw.fullstack.ephemeral.sandbox.kafka.LifecycleWatch;
import pw.fullstack.ephemeral.sandbox.process.FreePorts;
import pw.fullstack.ephemeral.sandbox.process.ServiceProcess;
import pw.fullstack.ephemeral.sandbox.github.PrCommentFiles;
import pw.fullstack.ephemeral.sandbox.standins.GitHubBridgeStandIn;
import pw.fullstack.ephemeral.testkit.github.GitHubAppKey;
import pw.fullstack.ephemeral.testkit.github.GitHubDouble;
import pw.fullstack.ephemeral.testkit.clusterapi.SimulatedClusterApiController;
import pw.fullstack.ephemeral.testkit.kafka.EmbeddedKafkaBroker;
import pw.fullstack.ephemeral.testkit.kubernetes.MockKubernetesCluster;
import pw.fullstack.ephemeral.testkit.kubernetes.RequestJournal;
import pw.fullstack.ephemeral.testkit.schema.UpstreamCrds;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulator;
import pw.fullstack.ephemeral.testkit.vault.VaultSetupScript;
import pw.fullstack.ephemeral.testkit.workload.SimulatedWorkloads;
import pw.fullstack.ephemeral.testkit.workload.ToolsClusterPlatform;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;

/**
 * The whole system on loopback: a real Kafka broker (KRaft), the Vault KV v2 emulator, a mock tools
 * cluster with a simulated Cluster API controller whose workload clusters run a simulated K3s
 * (helm-controller, the pinned charts), the platform's external-dns and cert-manager on the tools cluster
 * (publishing the PRs' names into a fake DNS zone served over UDP, issuing their certificates),
 * each service as its own JVM (the github-bridge
 * among them), and a GitHub stand-in that sends the bridge signed webhook deliveries. Closing it
 * stops everything it started.
 */
public final class Sandbox implements AutoCloseable {

    public static final String ALLOCATIONS_PATH = "ephemeral-clusters/ip-allocations";
    private static final int PARTITIONS = 3;
    private static final Duration SERVICE_START_TIMEOUT = Duration.ofSeconds(120);

    private final SandboxSettings settings;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<SandboxService, ServiceProcess> services = new EnumMap<>(SandboxService.class);
    private final List<ServiceProcess> extraReplicas = new ArrayList<>();
    private SandboxService.Parts parts;
    private EmbeddedKafkaBroker kafka;
    private VaultEmulator vault;
    private MockKubernetesCluster tools;
    private SimulatedClusterApiController clusterApi;
    private SimulatedWorkloads workloads;
    private ToolsClusterPlatform platform;
    /** The platform's ClusterIssuer on the tools cluster: the installer's default installer.tls.tools-cluster-issuer. */
    public static final String TOOLS_CLUSTER_ISSUER = "letsencrypt-staging";
    private LifecycleWatch watch;
    private LifecycleProducer producer;
    private GitHubBridgeStandIn github;
    private GitHubDouble githubApi;
    private PrCommentFiles commentFiles;
    /** Where the notifier's GitHub App key lives in Vault (read through quarkus-vault's config source). */
    public static final String NOTIFIER_SECRETS_PATH = "ephemeral-clusters/notifier";
    /** Where the bridge's webhook secret lives in Vault (read through quarkus-vault's config source). */
    public static final String BRIDGE_SECRETS_PATH = "ephemeral-clusters/github-bridge";
    /** The namespace the deploy puts the services in: their ServiceAccounts' tokens name it, Vault's roles bind it. */
    public static final String NAMESPACE = "ephemeral-clusters";
    public static final long GITHUB_APP_ID = 4242;
    /** The webhook secret shared by the bridge and the GitHub stand-in; new for every sandbox. */
    private final String webhookSecret = newSecret();

    private Sandbox(SandboxSettings settings) {
        this.settings = settings;
    }

    public static Sandbox start(SandboxSettings settings, Set<SandboxService> which, PrintStream log) {
        Sandbox sandbox = new Sandbox(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "sandbox-shutdown"));
        try {
            sandbox.startParts(log);
            sandbox.startServices(which, log);
            return sandbox;
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    private void startParts(PrintStream log) {
        // With an authorizer that allows everything no ACL names, so the faults can make the broker refuse writes.
        kafka = remember(new EmbeddedKafkaBroker(PARTITIONS, pw.fullstack.ephemeral.sandbox.faults.FaultInjector.BROKER_CONFIG).start());
        createLifecycleTopic();
        log.println("kafka      " + kafka.bootstrapServers() + " (KRaft, in-process; topic " + LifecycleTopic.NAME
                + ", " + PARTITIONS + " partitions)");
        vault = remember(VaultEmulator.start());
        log.println("vault      " + vault.url() + " (emulator: KV v2 mount kv; set up by deploy/vault/setup.sh, each service"
                + " logs in with Kubernetes auth and holds only its own policy)");
        GitHubAppKey appKey = GitHubAppKey.generate();
        githubApi = remember(GitHubDouble.builder().app(GITHUB_APP_ID, "ephemeral-clusters", appKey.publicKey()).start());
        // The notifier reads its App key from Vault, as it would in production.
        vault.write(VaultEmulator.DEFAULT_MOUNT, NOTIFIER_SECRETS_PATH, Map.of("notifier.github.app.private-key", appKey.privateKeyPem(),
                "notifier.comment.state-key", randomKey()));
        vault.write(VaultEmulator.DEFAULT_MOUNT, BRIDGE_SECRETS_PATH, Map.of("bridge.webhook.secrets", webhookSecret));
        commentFiles = new PrCommentFiles(settings.workDirectory().resolve("github"), githubApi.botLogin());
        githubApi.onComment(commentFiles::write);
        log.println("github api " + githubApi.url() + " (REST double; each PR's comment as GitHub shows it: "
                + settings.workDirectory().resolve("github") + "/<owner>/<repo>/<number>.md)");
        tools = remember(MockKubernetesCluster.builder().withCrds(UpstreamCrds.toolsCluster()).start());
        log.println("tools      " + tools.url() + " (mock API server validating against the Cluster API, K3s, Proxmox, cert-manager"
                + " and external-dns CRDs and webhooks)");
        SimulatedDelays delays = settings.delays();
        pw.fullstack.ephemeral.testkit.workload.WorkloadBehaviour behaviour =
                pw.fullstack.ephemeral.testkit.workload.WorkloadBehaviour.installsAfter(settings.installDelay());
        for (var chart : delays.charts().entrySet()) {
            behaviour = behaviour.withChartTimings(chart.getKey(), chart.getValue());
        }
        workloads = remember(SimulatedWorkloads.start(behaviour));
        // What the installer's README tells a site to run on the tools cluster: with the installer's default
        // (installer.dns.publisher=tools-cluster) no DNS provider credential enters a PR's cluster.
        platform = workloads.startToolsClusterPlatform(tools.client(), ClusterNaming.DEFAULT_DOMAIN, TOOLS_CLUSTER_ISSUER,
                delays.toolsPlatform());
        log.println("dns        " + workloads.dnsServer().host() + ":" + workloads.dnsServer().port()
                + "/udp (the zone the tools cluster's external-dns publishes the PRs' names into; ClusterIssuer "
                + TOOLS_CLUSTER_ISSUER + " issues their certificates there)");
        seedInstallerCredentials();
        SimulatedClusterApiController.Builder clusterApiBuilder = SimulatedClusterApiController.builder(tools.client());
        if (delays.any()) {
            clusterApiBuilder.boot(delays.vmCloneAndBoot(), delays.k3sStart());
        } else {
            clusterApiBuilder.readyAfter(settings.clusterBootTime());
        }
        clusterApi = remember(clusterApiBuilder
                .deleteAfter(settings.clusterDeleteTime())
                .workloadSimulation(workloads)
                .start());
        producer = remember(new LifecycleProducer(kafka.bootstrapServers()));
        watch = remember(new LifecycleWatch(kafka.bootstrapServers()).start());
    }

    private void startServices(Set<SandboxService> which, PrintStream log) {
        parts = new SandboxService.Parts(kafka.bootstrapServers(), vault.url(), writeServiceAccountTokens(), tools.url(),
                githubApi.url(), GITHUB_APP_ID, workloads.dnsServer().host(), workloads.dnsServer().port());
        // in the enum's order: the console comes after the allocator and the reaper, whose ports it is given
        for (SandboxService service : which) {
            ServiceProcess process = new ServiceProcess(service.module(), settings.serviceJar(service.module()),
                    settingsOf(service), FreePorts.next(), FreePorts.next(),
                    settings.workDirectory().resolve("logs"));
            services.put(service, process.start());
        }
        awaitAllReady(services.values());
        for (Map.Entry<SandboxService, ServiceProcess> entry : services.entrySet()) {
            ServiceProcess process = entry.getValue();
            log.println(String.format("%-10s http://127.0.0.1:%d, management (health, metrics, ops) %s (log %s)",
                    entry.getKey().label(), process.httpPort(), process.management(""), process.log()));
        }
        ServiceProcess console = services.get(SandboxService.CONSOLE);
        if (console != null) {
            log.println("console    open " + console.management("/") + " in a browser: every PR's environment, the pool and"
                    + " the queue, each PR's timeline, live");
        }
        ServiceProcess bridge = services.get(SandboxService.BRIDGE);
        if (bridge != null) {
            github = new GitHubBridgeStandIn(URI.create("http://127.0.0.1:" + bridge.httpPort() + "/github/webhook"),
                    webhookSecret, githubApi);
        }
    }

    /** The service's settings; the console's also say where the allocator's and the reaper's listings are. */
    private Map<String, String> settingsOf(SandboxService service) {
        Map<String, String> values = service.settings(settings, parts);
        if (service == SandboxService.CONSOLE) {
            ServiceProcess allocator = services.get(SandboxService.ALLOCATOR);
            ServiceProcess reaper = services.get(SandboxService.REAPER);
            if (allocator != null) {
                values.put("console.allocator-url", allocator.management("").toString());
            }
            if (reaper != null) {
                values.put("console.reaper-url", reaper.management("").toString());
            }
        }
        return values;
    }

    /**
     * What a site puts into Vault for the installer: the DNS providers' credentials (read only with the unsafe
     * in-cluster publisher; with the default they stay on the tools cluster, and the installer's policy does not
     * reach them). Then Vault is set up as an operator sets it up, by deploy/vault/setup.sh itself: each service's
     * policy and Kubernetes-auth role, check-and-set on the allocator's shared documents, the token role each
     * cluster's own external-secrets token is minted through (the repositories' policies are the platform team's,
     * one per repository; a PR of a repository without one gets a token that reads nothing).
     */
    private void seedInstallerCredentials() {
        vault.write(VaultEmulator.DEFAULT_MOUNT, "ephemeral-clusters/installer/cloudflare", Map.of("api-token", newSecret()));
        vault.write(VaultEmulator.DEFAULT_MOUNT, "ephemeral-clusters/installer/pihole", Map.of("password", newSecret()));
        VaultSetupScript.run(settings.repositoryRoot().resolve("deploy/vault/setup.sh"), vault,
                Map.of("KUBERNETES_HOST", tools.url(), "NAMESPACE", NAMESPACE), settings.workDirectory().resolve("vault"));
    }

    /**
     * Each service's ServiceAccount token for Vault (audience vault), in the file its Vault login reads, as the
     * kubelet's projected volume holds it in the deploy. A day's validity: longer than any sandbox runs.
     */
    private Path writeServiceAccountTokens() {
        Path directory = settings.workDirectory().resolve("vault/service-account-tokens");
        try {
            for (SandboxService service : SandboxService.values()) {
                Path file = directory.resolve(service.serviceAccount()).resolve("token");
                Files.createDirectories(file.getParent());
                Files.writeString(file, vault.serviceAccountTokens().issue(NAMESPACE, service.serviceAccount(), "vault",
                        Duration.ofDays(1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the services' ServiceAccount tokens to " + directory, e);
        }
        return directory;
    }

    private static String newSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    /** In production a Strimzi KafkaTopic creates it; here the sandbox does, before any service starts. */
    private void createLifecycleTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(LifecycleTopic.NAME, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not create " + LifecycleTopic.NAME + ": " + e.getMessage(), e);
        }
    }

    private <T extends AutoCloseable> T remember(T part) {
        started.add(part);
        return part;
    }

    public ServiceProcess service(SandboxService service) {
        return services.get(service);
    }

    /** Where the console's page is, when the console runs. */
    public java.util.Optional<URI> consoleUrl() {
        return java.util.Optional.ofNullable(services.get(SandboxService.CONSOLE)).map(console -> console.management("/"));
    }

    /** {@code kill -9} the service, start a fresh JVM with the same settings and wait until it is ready. */
    public void crashAndRestart(SandboxService service) {
        ServiceProcess process = services.get(service);
        process.kill();
        process.start().awaitReady(SERVICE_START_TIMEOUT);
    }

    /**
     * {@code kill -9}, then start again as a kubelet restarts a crashed container: a start that exits
     * (the notifier reads its GitHub App key from Vault at start, so it cannot start while Vault is
     * sealed) is tried again every few seconds until the service is ready or {@code within} is over.
     */
    public void crashAndRestartUntilReady(SandboxService service, Duration within) {
        ServiceProcess process = services.get(service);
        process.kill();
        java.time.Instant giveUp = java.time.Instant.now().plus(within);
        while (true) {
            try {
                process.start().awaitReady(Duration.between(java.time.Instant.now(), giveUp));
                return;
            } catch (IllegalStateException e) {
                if (process.isAlive() || java.time.Instant.now().isAfter(giveUp)) {
                    throw e;
                }
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** GitHub, as far as the sandbox needs it: opens, closes and reopens PRs through the github-bridge. */
    public GitHubBridgeStandIn github() {
        if (github == null) {
            throw new IllegalStateException("the github-bridge is not running in this sandbox");
        }
        return github;
    }

    /** GitHub's REST API as the notifier uses it: the PRs' comments, deployments and dispatches. */
    public GitHubDouble githubApi() {
        return githubApi;
    }

    /** The PR's comment as GitHub shows it, once the notifier has written one. */
    public java.util.Optional<java.nio.file.Path> commentFile(pw.fullstack.ephemeral.contracts.pr.PullRequestRef pr) {
        return commentFiles.existing(pr);
    }

    /** Another replica of a running service, same settings, its own port and log; stopped with the sandbox. */
    public ServiceProcess startExtraReplica(SandboxService service) {
        ServiceProcess replica = newReplica(service);
        replica.awaitReady(SERVICE_START_TIMEOUT);
        return replica;
    }

    private synchronized ServiceProcess newReplica(SandboxService service) {
        ServiceProcess replica = new ServiceProcess(service.module() + "-" + (extraReplicas.size() + 2),
                settings.serviceJar(service.module()), settingsOf(service), FreePorts.next(), FreePorts.next(),
                settings.workDirectory().resolve("logs"));
        extraReplicas.add(replica);
        return replica.start();
    }

    /**
     * One more replica of every running service, as {@code replicas: 2} in their Deployments: the provisioner,
     * installer and notifier stand for their Leases, the others run active beside the first. The GitHub stand-in
     * keeps delivering webhooks to the first bridge (the second one runs its redelivery pass).
     */
    public void startReplicaOfEach(PrintStream log) {
        Map<SandboxService, ServiceProcess> started = new EnumMap<>(SandboxService.class);
        for (SandboxService service : List.copyOf(services.keySet())) {
            started.put(service, newReplica(service));
        }
        for (Map.Entry<SandboxService, ServiceProcess> entry : started.entrySet()) {
            SandboxService service = entry.getKey();
            ServiceProcess replica = entry.getValue();
            replica.awaitReady(SERVICE_START_TIMEOUT);
            log.println(String.format("%-10s replica %s, management %s (log %s)", service.label(), replica.name(),
                    replica.management(""), replica.log()));
        }
    }

    /** Every running replica of the service: the first, then those started since. */
    public synchronized List<ServiceProcess> replicas(SandboxService service) {
        List<ServiceProcess> all = new ArrayList<>();
        if (services.containsKey(service)) {
            all.add(services.get(service));
        }
        String prefix = service.module() + "-";
        extraReplicas.stream().filter(r -> r.name().startsWith(prefix)
                && r.name().substring(prefix.length()).matches("\\d+")).forEach(all::add);
        return all;
    }

    /** Adds annotations to a Cluster on the tools cluster, as a person with kubectl would. */
    public void annotateCluster(String name, Map<String, String> annotations) {
        tools.client().genericKubernetesResources(SimulatedClusterApiController.CLUSTERS).inNamespace(name).withName(name)
                .edit(cluster -> {
                    Map<String, String> merged = new java.util.LinkedHashMap<>(cluster.getMetadata().getAnnotations());
                    merged.putAll(annotations);
                    cluster.getMetadata().setAnnotations(merged);
                    return cluster;
                });
    }

    /**
     * Polls every service's readiness at once, so each one's time to ready (the bench reports it) is its own, not
     * the time the previous one in the list took.
     */
    private static void awaitAllReady(java.util.Collection<ServiceProcess> processes) {
        java.util.concurrent.ExecutorService pollers = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, processes.size()));
        try {
            List<java.util.concurrent.Future<?>> waits = new ArrayList<>();
            processes.forEach(process -> waits.add(pollers.submit(() -> process.awaitReady(SERVICE_START_TIMEOUT))));
            for (java.util.concurrent.Future<?> wait : waits) {
                try {
                    wait.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        } finally {
            pollers.shutdownNow();
        }
    }

    /** A Cluster on the tools cluster, if it exists. */
    public java.util.Optional<GenericKubernetesResource> cluster(String name) {
        return java.util.Optional.ofNullable(tools.client().genericKubernetesResources(SimulatedClusterApiController.CLUSTERS)
                .inNamespace(name).withName(name).get());
    }

    public SandboxSettings settings() {
        return settings;
    }

    public LifecycleWatch watch() {
        return watch;
    }

    public LifecycleProducer producer() {
        return producer;
    }

    public VaultEmulator vault() {
        return vault;
    }

    public SimulatedClusterApiController clusterApi() {
        return clusterApi;
    }

    /** The platform's external-dns and cert-manager on the tools cluster (their knobs: renewals, refused orders, DNS faults). */
    public ToolsClusterPlatform toolsPlatform() {
        return platform;
    }

    /** K3s inside every simulated cluster (helm-controller, charts) and the DNS zone the tools cluster publishes into. */
    public SimulatedWorkloads workloads() {
        return workloads;
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The tools cluster's API server stand-in (for its fault knobs). */
    public MockKubernetesCluster toolsCluster() {
        return tools;
    }

    /** Whether the namespace exists on the tools cluster (Terminating or not). */
    public boolean namespaceExists(String name) {
        return tools.client().namespaces().withName(name).get() != null;
    }

    /** Every create/update/patch/delete that reached the tools cluster (e.g. "no Cluster API write during a replay"). */
    public RequestJournal toolsJournal() {
        return tools.journal();
    }

    /** Records on every dead-letter topic ({@code ephemeral.cluster-lifecycle.<service>.dlq}) so far. */
    public long deadLetterCount() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            long total = 0;
            for (String topic : admin.listTopics().names().get(30, TimeUnit.SECONDS)) {
                if (topic.startsWith(LifecycleTopic.NAME + ".") && topic.endsWith(".dlq")) {
                    total += pw.fullstack.ephemeral.testkit.kafka.EndOffsets.total(admin, topic);
                }
            }
            return total;
        } catch (Exception e) {
            throw new IllegalStateException("could not count dead letters: " + e, e);
        }
    }

    /** The allocation map as the seed's shell tooling reads it: ip -> cluster name. */
    public Map<String, Object> allocations() {
        return vault.read(VaultEmulator.DEFAULT_MOUNT, ALLOCATIONS_PATH).orElse(Map.of());
    }

    /** Cluster API Clusters that still exist on the tools cluster (being deleted or not). */
    public List<GenericKubernetesResource> clusters() {
        return tools.client().genericKubernetesResources(SimulatedClusterApiController.CLUSTERS)
                .inAnyNamespace().list().getItems();
    }

    @Override
    public synchronized void close() {
        // All at once and each on its own: one service slow to stop must not keep the others running.
        services.values().forEach(ServiceProcess::requestStop);
        extraReplicas.forEach(ServiceProcess::requestStop);
        services.values().forEach(ServiceProcess::awaitStopped);
        extraReplicas.forEach(ServiceProcess::awaitStopped);
        services.clear();
        extraReplicas.clear();
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                // closing the rest matters more than reporting this one
            }
        }
        started.clear();
    }

    /** A fresh secret for this sandbox run, as an operator would make one ({@code openssl rand -base64 48}). */
    private static String randomKey() {
        byte[] bytes = new byte[48];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getEncoder().encodeToString(bytes);
    }
}
