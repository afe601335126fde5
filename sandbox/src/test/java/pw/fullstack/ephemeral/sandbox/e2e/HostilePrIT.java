package pw.fullstack.ephemeral.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.sandbox.board.Stage;
import pw.fullstack.ephemeral.sandbox.infra.Sandbox;
import pw.fullstack.ephemeral.testkit.schema.UpstreamCrds;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulator;

/**
 * A PR's code is hostile: its deploy job holds the cluster's kubeconfig (from Vault, as the dispatch
 * says), so everything in the cluster is its. With the isolated defaults, what it finds there reaches
 * nothing beyond its PR — no other app's secrets in Vault, no DNS name but its own — and after
 * teardown nothing of the PR is left: no record, no token.
 */
class HostilePrIT {

    private static final String VICTIM_REPOSITORY = "fullstack-pw/demo-apps";
    private static final String HOSTILE_REPOSITORY = "fullstack-pw/cks-backend";

    @Test
    void whatAPrsCodeFindsInItsClusterReachesNothingBeyondThatPrAndNothingOfItOutlivesTheTeardown() throws Exception {
        try (Sandbox sandbox = TestSandboxes.start("hostile", settings -> settings)) {
            VaultEmulator vault = sandbox.vault();
            // What the platform team sets up per repository: its secrets and the policy that reads only them.
            for (String repository : List.of(VICTIM_REPOSITORY, HOSTILE_REPOSITORY)) {
                vault.putPolicy("ephemeral-app--" + repository.replace("/", "--"),
                        "path \"kv/data/ephemeral-clusters/apps/" + repository + "\" { capabilities = [\"read\"] }");
                vault.write(VaultEmulator.DEFAULT_MOUNT, "ephemeral-clusters/apps/" + repository, Map.of("API_KEY", repository + "-secret"));
            }
            SagaDriver saga = new SagaDriver(sandbox);
            EventEnvelope<PrOpened> victim = saga.open(VICTIM_REPOSITORY, 7);
            EventEnvelope<PrOpened> hostile = saga.open(HOSTILE_REPOSITORY, 8);
            saga.awaitStages(List.of(victim, hostile), Stage.READY);
            String victimHost = "pr-7-demoapps.ephemeral.fullstack.pw";
            String hostileHost = "pr-8-cksbackend.ephemeral.fullstack.pw";
            String victimVip = saga.row(victim).orElseThrow().addresses().get(0).toString();
            String hostileVip = saga.row(hostile).orElseThrow().addresses().get(0).toString();

            String kubeconfig = (String) vault.read(VaultEmulator.DEFAULT_MOUNT, "ephemeral-clusters/" + hostile.subject() + "/kubeconfig")
                    .orElseThrow().get("value");
            try (KubernetesClient cluster = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build()) {
                List<String> found = everySecretValue(cluster);
                String cloudflare = (String) vault.read(VaultEmulator.DEFAULT_MOUNT, "ephemeral-clusters/installer/cloudflare")
                        .orElseThrow().get("api-token");
                String pihole = (String) vault.read(VaultEmulator.DEFAULT_MOUNT, "ephemeral-clusters/installer/pihole")
                        .orElseThrow().get("password");
                assertThat(found).as("no DNS provider credential in the PR's cluster").isNotEmpty()
                        .doesNotContain(cloudflare, pihole);
                List<String> tokens = found.stream().filter(value -> !value.contains("\n") && !value.isBlank()).toList();
                assertThat(tokens.stream().anyMatch(t -> vaultStatus(sandbox, t, "ephemeral-clusters/apps/" + HOSTILE_REPOSITORY) == 200))
                        .as("the cluster's own token reads its own repository's secrets").isTrue();
                for (String token : tokens) {
                    assertThat(vaultStatus(sandbox, token, "ephemeral-clusters/apps/" + VICTIM_REPOSITORY)).isEqualTo(403);
                    assertThat(vaultStatus(sandbox, token, "ephemeral-clusters/" + victim.subject() + "/kubeconfig")).isEqualTo(403);
                    assertThat(vaultStatus(sandbox, token, "ephemeral-clusters/installer/cloudflare")).isEqualTo(403);
                }

                // Names: the PR's code publishes records for another PR's host and for Vault's from its own cluster.
                cluster.apiextensions().v1().customResourceDefinitions()
                        .resource(UpstreamCrds.definitionsOf(List.of(UpstreamCrds.EXTERNAL_DNS)).get(0)).createOr(op -> op.update());
                Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                    cluster.genericKubernetesResources("externaldns.k8s.io/v1alpha1", "DNSEndpoint").inNamespace("default")
                            .resource(hijack(victimHost, "vault.fullstack.pw", "vault.ephemeral.fullstack.pw", hostileVip)).createOr(op -> op.update());
                    return true;
                });
            }
            Awaitility.await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).until(() ->
                    sandbox.workloads().zone().lookup("vault.fullstack.pw").isEmpty()
                            && sandbox.workloads().zone().lookup("vault.ephemeral.fullstack.pw").isEmpty()
                            && sandbox.workloads().zone().lookup(victimHost).map(r -> r.addresses().equals(List.of(victimVip))).orElse(false));

            saga.close(hostile);
            saga.awaitStages(List.of(hostile), Stage.RELEASED);
            assertThat(sandbox.workloads().zone().lookup(hostileHost)).as("the PR's record is gone").isEmpty();
            assertThat(vault.liveTokens()).as("the PR's Vault token is revoked")
                    .noneSatisfy(token -> assertThat(token.meta().get("cluster")).isEqualTo(hostile.subject()));
            Awaitility.await("the PR's namespace is deleted (it may stay Terminating a moment)")
                    .atMost(Duration.ofSeconds(60)).until(() -> !sandbox.namespaceExists(hostile.subject()));
            assertThat(sandbox.workloads().zone().lookup(victimHost)).as("the other PR is untouched").isPresent();
        }
    }

    private static GenericKubernetesResource hijack(String victimHost, String vaultHost, String vaultUnderDomain, String vip) {
        return new GenericKubernetesResourceBuilder().withApiVersion("externaldns.k8s.io/v1alpha1").withKind("DNSEndpoint")
                .withNewMetadata().withName("hijack").withNamespace("default")
                .addToLabels("app.kubernetes.io/managed-by", "ephemeral-installer").endMetadata()
                .addToAdditionalProperties("spec", Map.of("endpoints", List.of(
                        Map.of("dnsName", victimHost, "recordType", "A", "targets", List.of(vip)),
                        Map.of("dnsName", vaultHost, "recordType", "A", "targets", List.of(vip)),
                        Map.of("dnsName", vaultUnderDomain, "recordType", "A", "targets", List.of(vip)))))
                .build();
    }

    /** What the PR's code can read: every value of every Secret in every namespace of its cluster. */
    private static List<String> everySecretValue(KubernetesClient cluster) {
        return cluster.secrets().inAnyNamespace().list().getItems().stream()
                .filter(secret -> secret.getData() != null)
                .flatMap(secret -> secret.getData().values().stream())
                .map(value -> new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8))
                .toList();
    }

    private static int vaultStatus(Sandbox sandbox, String token, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.vault().url() + "/v1/kv/data/" + path))
                    .header("X-Vault-Token", token).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
