package pw.fullstack.ephemeral.installer.it;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.DestroyReason;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.EnvironmentOptions;
import pw.fullstack.ephemeral.contracts.events.ExpiryReason;
import pw.fullstack.ephemeral.contracts.events.VaultSecretRef;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.testkit.clusterapi.ClusterApiObjects;
import pw.fullstack.ephemeral.testkit.kubernetes.MockKubernetesCluster;
import pw.fullstack.ephemeral.testkit.schema.UpstreamCrds;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulator;
import pw.fullstack.ephemeral.testkit.workload.SimulatedWorkloads;

/**
 * What the provisioner leaves behind when it reports a cluster ready: the Cluster on the tools cluster
 * with its labels and annotations, the kubeconfig of a running (simulated K3s) workload cluster in
 * Vault, and the ClusterReady event — so the installer is tested on its own, against the same contract.
 */
final class ReadyClusters {

    static final URI PROVISIONER = URI.create("/ephemeral-clusters/provisioner");
    static final URI REAPER = URI.create("/ephemeral-clusters/reaper");
    static final ClusterNaming NAMING = ClusterNaming.defaults();

    /** One ready cluster of one PR. */
    record Ready(String name, String run, PullRequestRef pr, String dnsName, String vip, MockKubernetesCluster workload,
                 EventEnvelope<ClusterReady> event) {
    }

    private final KubernetesClient tools;
    private final VaultEmulator vault;
    private final SimulatedWorkloads workloads;
    private final List<AutoCloseable> started = new java.util.concurrent.CopyOnWriteArrayList<>();

    ReadyClusters(KubernetesClient tools, VaultEmulator vault, SimulatedWorkloads workloads) {
        this.tools = tools;
        this.vault = vault;
        this.workloads = workloads;
        vault.write("kv", "ephemeral-clusters/installer/cloudflare", Map.of("api-token", "cf-secret-token-value"));
        vault.write("kv", "ephemeral-clusters/installer/pihole", Map.of("password", "pihole-secret-password"));
        // What the deploy sets up (deploy/README): the token role the installer mints cluster tokens through.
        vault.putTokenRole(APP_TOKEN_ROLE, Map.of("allowed_policies_glob", List.of("ephemeral-app--*"), "orphan", true,
                "token_explicit_max_ttl", "73h"));
        vault.write("kv", "ephemeral-clusters/apps/fullstack-pw/production", Map.of("DB_PASSWORD", "production-secret"));
    }

    static final String APP_TOKEN_ROLE = "ephemeral-pr-apps";
    /** The bearer token the installer presents to every workload cluster (selects its requests in the cluster's log). */
    static final String INSTALLER_TOKEN = "installer-token";

    /** The platform team's policy for one repository: read its own apps path, nothing else. */
    void appPolicy(PullRequestRef pr) {
        String owner = pr.repository().owner().toLowerCase(java.util.Locale.ROOT);
        String repo = pr.repository().name().toLowerCase(java.util.Locale.ROOT);
        vault.putPolicy("ephemeral-app--" + owner + "--" + repo,
                "path \"kv/data/ephemeral-clusters/apps/" + owner + "/" + repo + "\" {\n  capabilities = [\"read\"]\n}\n");
        vault.write("kv", "ephemeral-clusters/apps/" + owner + "/" + repo, Map.of("API_KEY", "own-app-secret"));
    }

    static int number() {
        return ThreadLocalRandom.current().nextInt(1000, 9_999_999);
    }

    Ready ready(String repo, boolean postgres) {
        int number = number();
        PullRequestRef pr = PullRequestRef.of("fullstack-pw/" + repo, number);
        String name = NAMING.clusterName(pr).value();
        String run = UUID.randomUUID().toString();
        String vip = "192.168.1." + (140 + ThreadLocalRandom.current().nextInt(0, 50) * 2);
        String dnsName = NAMING.dnsName(pr);
        appPolicy(pr);
        MockKubernetesCluster workload = MockKubernetesCluster.builder().withCrds(UpstreamCrds.k3sBuiltIn()).start();
        workload.addReadyNode(name + "-control-plane-abcde");
        started.add(workload);
        started.add(workloads.attach(name, workload));
        // A token of the installer's own: its requests are told from the simulated controllers' in the cluster's log.
        vault.write("kv", "ephemeral-clusters/" + name + "/kubeconfig", Map.of("value",
                workload.kubeconfig(name).replaceFirst("token: \"[^\"]*\"", "token: \"" + INSTALLER_TOKEN + "\"")));

        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("ephemeral.fullstack.pw/correlation-id", run);
        annotations.put("ephemeral.fullstack.pw/repository", pr.repository().toString());
        annotations.put("ephemeral.fullstack.pw/pr-number", Integer.toString(number));
        annotations.put("ephemeral.fullstack.pw/addresses", vip + "," + next(vip));
        annotations.put("ephemeral.fullstack.pw/dns-name", dnsName);
        annotations.put("ephemeral.fullstack.pw/ready-reported-at", Instant.now().toString());
        Map<String, String> labels = Map.of("app.kubernetes.io/managed-by", "ephemeral-provisioner", "ephemeral", "true");
        tools.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
                .withAnnotations(annotations).endMetadata().build()).create();
        GenericKubernetesResource cluster = ClusterApiObjects.cluster(name, name, labels, annotations);
        tools.genericKubernetesResources(pw.fullstack.ephemeral.installer.toolscluster.ToolsCluster.CLUSTER).inNamespace(name)
                .resource(cluster).create();
        return new Ready(name, run, pr, dnsName, vip, workload, clusterReady(run, pr, name, dnsName, vip, postgres));
    }

    static EventEnvelope<ClusterReady> clusterReady(String run, PullRequestRef pr, String name, String dnsName, String vip,
                                                    boolean postgres) {
        var data = new ClusterReady(pr, NAMING.clusterName(pr), List.of(Ipv4Address.parse(vip), Ipv4Address.parse(next(vip))),
                dnsName, new VaultSecretRef("kv", "ephemeral-clusters/" + name + "/kubeconfig", "value"),
                URI.create("https://" + vip + ":6443"), Instant.now(), new EnvironmentOptions(postgres));
        return new EventEnvelope<>(UUID.randomUUID().toString(), PROVISIONER, OffsetDateTime.now(ZoneOffset.UTC), run,
                UUID.randomUUID().toString(), data);
    }

    static EventEnvelope<ClusterExpired> expired(String run, PullRequestRef pr) {
        return EventEnvelope.inSaga(run, REAPER, new ClusterExpired(pr, NAMING.clusterName(pr),
                ExpiryReason.GRACE_PERIOD_ELAPSED, Instant.now()));
    }

    static EventEnvelope<ClusterDestroyed> destroyed(String run, PullRequestRef pr) {
        return EventEnvelope.inSaga(run, PROVISIONER, new ClusterDestroyed(pr, NAMING.clusterName(pr), DestroyReason.EXPIRED,
                List.of()));
    }

    /** The address a PR's code points the names it asks for at: to tell its records from everyone else's. */
    static final String HOSTILE_TARGET = "6.6.6.6";

    /** A DNSEndpoint as the PR's own code creates one in its cluster, for any name it likes, at {@link #HOSTILE_TARGET}. */
    static GenericKubernetesResource appDnsEndpoint(String namespace, String name, String host, boolean installersLabel) {
        GenericKubernetesResource endpoint = new GenericKubernetesResource();
        endpoint.setApiVersion("externaldns.k8s.io/v1alpha1");
        endpoint.setKind("DNSEndpoint");
        endpoint.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withNamespace(namespace)
                .withLabels(installersLabel ? Map.of("app.kubernetes.io/managed-by", "ephemeral-installer") : Map.of()).build());
        endpoint.setAdditionalProperty("spec", Map.of("endpoints", List.of(Map.of("dnsName", host, "recordType", "A",
                "recordTTL", 60, "targets", List.of(HOSTILE_TARGET)))));
        return endpoint;
    }

    /** What the provisioner does when a reopened PR's run adopts the cluster. */
    void adopt(Ready ready, String newRun) {
        tools.genericKubernetesResources(pw.fullstack.ephemeral.installer.toolscluster.ToolsCluster.CLUSTER)
                .inNamespace(ready.name()).withName(ready.name())
                .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                        "{\"metadata\":{\"annotations\":{\"ephemeral.fullstack.pw/correlation-id\":\"" + newRun + "\"}}}");
    }

    private static String next(String ip) {
        int dot = ip.lastIndexOf('.');
        return ip.substring(0, dot + 1) + (Integer.parseInt(ip.substring(dot + 1)) + 1);
    }

    void close() {
        for (AutoCloseable c : started) {
            try {
                c.close();
            } catch (Exception e) {
                // best effort
            }
        }
    }
}
