package pw.fullstack.ephemeral.reaper.it;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.pr.BranchName;
import pw.fullstack.ephemeral.contracts.pr.CommitSha;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.reaper.tools.ClusterAnnotations;
import pw.fullstack.ephemeral.reaper.tools.ToolsClusterReader;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulator;

/**
 * The state the provisioner and the allocator would leave, written directly: Clusters on the mock
 * tools cluster, entries in the allocation map and allocator records in the Vault emulator, and the
 * bridge's PrOpened/PrClosed. PR numbers and addresses are unique per call, so tests sharing one
 * application (and one broker) never see each other's clusters.
 */
final class Fixtures {

    static final URI BRIDGE = URI.create("/ephemeral-clusters/github-bridge");
    static final String ALLOCATIONS = "ephemeral-clusters/ip-allocations";
    private static final AtomicInteger NUMBERS = new AtomicInteger(ThreadLocalRandom.current().nextInt(1000, 90_000) * 10);
    private static final AtomicInteger ADDRESSES = new AtomicInteger(ThreadLocalRandom.current().nextInt(0, 200) * 256);

    private final KubernetesClient tools;
    private final VaultEmulator vault;

    Fixtures(KubernetesClient tools, VaultEmulator vault) {
        this.tools = tools;
        this.vault = vault;
    }

    static int nextNumber() {
        return NUMBERS.incrementAndGet();
    }

    static String nextAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "10.77." + (n / 256 % 256) + "." + (n % 256);
    }

    static PullRequestRef pr(int number) {
        return PullRequestRef.of("fullstack-pw/demo-apps", number);
    }

    static String name(int number) {
        return "pr-demoapps-" + number;
    }

    /** A Namespace and a Cluster as the provisioner applies them. */
    GenericKubernetesResource cluster(int number, String run, Instant openedAt, Instant startedAt, String... extra) {
        String name = name(number);
        Map<String, String> labels = Map.of(ClusterAnnotations.EPHEMERAL, "true", ClusterAnnotations.MANAGED_BY,
                ClusterAnnotations.MANAGER, "pr", Integer.toString(number), "repo", "demo-apps");
        Map<String, String> annotations = new HashMap<>();
        annotations.put(ClusterAnnotations.CORRELATION_ID, run);
        annotations.put(ClusterAnnotations.OPENED_AT, openedAt.toString());
        annotations.put(ClusterAnnotations.PROVISIONING_STARTED, startedAt.toString());
        annotations.put(ClusterAnnotations.REPOSITORY, "fullstack-pw/demo-apps");
        annotations.put(ClusterAnnotations.PR_NUMBER, Integer.toString(number));
        for (int i = 0; i < extra.length; i += 2) {
            annotations.put(extra[i], extra[i + 1]);
        }
        namespace(name);
        GenericKubernetesResource cluster = new GenericKubernetesResourceBuilder()
                .withApiVersion("cluster.x-k8s.io/v1beta2")
                .withKind("Cluster")
                .withNewMetadata().withName(name).withNamespace(name).withLabels(labels).withAnnotations(annotations).endMetadata()
                // the tools cluster validates as Cluster API's CRD and webhook do: a Cluster names its providers' objects
                .addToAdditionalProperties("spec", Map.of(
                        "controlPlaneRef", Map.of("apiGroup", "controlplane.cluster.x-k8s.io", "kind", "KThreesControlPlane",
                                "name", name),
                        "infrastructureRef", Map.of("apiGroup", "infrastructure.cluster.x-k8s.io", "kind", "ProxmoxCluster",
                                "name", name)))
                .build();
        return tools.genericKubernetesResources(ToolsClusterReader.CLUSTERS).inNamespace(name).resource(cluster).create();
    }

    void namespace(String name) {
        if (tools.namespaces().withName(name).get() == null) {
            tools.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        }
    }

    GenericKubernetesResource clusterNamed(String name) {
        return tools.genericKubernetesResources(ToolsClusterReader.CLUSTERS).inNamespace(name).withName(name).get();
    }

    void annotate(String name, Map<String, String> annotations) {
        tools.genericKubernetesResources(ToolsClusterReader.CLUSTERS).inNamespace(name).withName(name).edit(c -> {
            Map<String, String> merged = new LinkedHashMap<>(c.getMetadata().getAnnotations());
            merged.putAll(annotations);
            c.getMetadata().setAnnotations(merged);
            return c;
        });
    }

    /** A live environment of run {@code run}: its address in the allocation map, the allocator's record, its Cluster. */
    void liveEnvironment(int number, String run, Instant openedAt, String address) {
        String name = name(number);
        allocate(name, address);
        allocatorRecord(name, number, run, openedAt, address);
        cluster(number, run, openedAt, openedAt.plusSeconds(1));
    }

    /** Adds {@code address → name} to the allocation map, as the allocator or the seed's tooling would. */
    synchronized void allocate(String name, String address) {
        Map<String, Object> map = new LinkedHashMap<>(vault.read("kv", ALLOCATIONS).orElse(Map.of()));
        map.remove("_empty");
        map.put(address, name);
        vault.write("kv", ALLOCATIONS, map);
    }

    /** The allocator's record of a run holding the block. */
    void allocatorRecord(String name, int number, String saga, Instant openedAt, String address) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("cluster", name);
        record.put("pr", pr(number).toString());
        record.put("saga", saga);
        record.put("addresses", address);
        record.put("since", openedAt.toString());
        record.put("openedAt", openedAt.toString());
        vault.write("kv", "ephemeral-clusters/allocator/clusters/" + name, record);
    }

    static EventEnvelope<PrOpened> prOpened(int number, Instant openedAt) {
        return EventEnvelope.start(BRIDGE, new PrOpened(pr(number), ClusterName.of(name(number)), BranchName.of("feature/x"),
                CommitSha.of("a".repeat(40)), null, openedAt));
    }

    /** PrClosed is about the PR, not a run: its correlation id is its own id. */
    static EventEnvelope<PrClosed> prClosed(int number, Instant closedAt) {
        return EventEnvelope.start(BRIDGE, new PrClosed(pr(number), ClusterName.of(name(number)), false, closedAt));
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
