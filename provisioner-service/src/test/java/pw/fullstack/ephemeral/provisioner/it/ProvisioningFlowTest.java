package pw.fullstack.ephemeral.provisioner.it;

import pw.fullstack.ephemeral.testkit.kubernetes.ToolsClusterResource;
import pw.fullstack.ephemeral.testkit.kafka.LifecycleLog;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.DestroyReason;
import pw.fullstack.ephemeral.contracts.events.ProvisioningFailed;
import pw.fullstack.ephemeral.provisioner.clusterapi.ClusterApiKinds;
import pw.fullstack.ephemeral.provisioner.clusterapi.ClusterLabels;
import pw.fullstack.ephemeral.provisioner.vault.MergedKubeconfig;
import pw.fullstack.ephemeral.provisioner.vault.MergedKubeconfigEntry;
import pw.fullstack.ephemeral.testkit.clusterapi.SimulatedClusterApiController;
import pw.fullstack.ephemeral.testkit.clusterapi.SimulatedClusterApiController.Behaviour;
import pw.fullstack.ephemeral.testkit.http.ManagementPortSplit;
import pw.fullstack.ephemeral.testkit.kafka.KafkaBrokerResource;
import pw.fullstack.ephemeral.testkit.kubernetes.MockKubernetesCluster;
import pw.fullstack.ephemeral.testkit.kubernetes.RequestJournal;
import pw.fullstack.ephemeral.testkit.vault.InjectVaultEmulator;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulator;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulatorResource;

/** The provisioner against a real broker, the Vault emulator, a mock tools cluster and simulated Cluster API. */
@QuarkusTest
@TestProfile(FastTimeouts.class)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = VaultEmulatorResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ToolsClusterResource.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProvisioningFlowTest {

    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    /** The management interface (health, metrics, {@code /clusters}): a port of its own, random in tests. */
    @TestHTTPResource(value = "/", management = true)
    URL managementUrl;

    @Inject
    KubernetesClient tools;

    @InjectVaultEmulator
    VaultEmulator vault;

    @ToolsClusterResource.InjectToolsCluster
    MockKubernetesCluster toolsCluster;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private SimulatedClusterApiController clusterApi;
    private LifecycleLog log;

    @BeforeAll
    void start() {
        clusterApi = SimulatedClusterApiController.builder(tools)
                .readyAfter(Duration.ofMillis(500))
                .deleteAfter(Duration.ofMillis(300))
                .start();
        log = new LifecycleLog(bootstrapServers, "provisioner");
    }

    @AfterAll
    void stop() {
        clusterApi.close();
        log.close();
    }

    private GenericKubernetesResource cluster(String name) {
        return tools.genericKubernetesResources(ClusterApiKinds.CLUSTER).inNamespace(name).withName(name).get();
    }

    @Test
    void healthMetricsAndTheClusterListAreServedOnTheManagementPortAndNotOnTheMainOne() {
        ManagementPortSplit.assertServedOnlyByTheManagementPort(RestAssured.port, managementUrl.getPort(), "/clusters");
    }

    @Test
    void happyPathReportsClusterReadyOnceWithTheKubeconfigInVault() {
        int pr = Fixtures.number();
        String name = Fixtures.name("happy", pr);
        var allocated = Fixtures.ipAllocated(Fixtures.saga(), "happy", pr, "192.168.1.140", "192.168.1.141");

        log.send(allocated);

        await().atMost(EVENTUALLY).until(() -> !log.events(name, ClusterReady.class).isEmpty());
        EventEnvelope<?> envelope = log.events(name, ClusterReady.class).get(0);
        ClusterReady ready = (ClusterReady) envelope.data();
        assertThat(envelope.correlationId()).isEqualTo(allocated.correlationId());
        assertThat(envelope.causationId()).isEqualTo(allocated.id());
        assertThat(envelope.id()).isEqualTo(EventEnvelope.causedBy(allocated, envelope.source(), ready).id());
        assertThat(ready.kubeconfig().toString()).isEqualTo("kv/ephemeral-clusters/" + name + "/kubeconfig#value");
        assertThat(ready.apiEndpoint()).hasToString("https://192.168.1.140:6443");
        assertThat(ready.addresses()).extracting(Object::toString).containsExactly("192.168.1.140", "192.168.1.141");
        assertThat(ready.dnsName()).isEqualTo("pr-" + pr + "-happy.ephemeral.fullstack.pw");

        String secretKubeconfig = new String(Base64.getDecoder().decode(
                tools.secrets().inNamespace(name).withName(name + "-kubeconfig").get().getData().get("value")), StandardCharsets.UTF_8);
        assertThat(vault.read("kv", "ephemeral-clusters/" + name + "/kubeconfig")).hasValue(Map.of("value", secretKubeconfig));
        assertThat(log.rawValues(name)).noneMatch(v -> v.contains("testkit-token") || v.contains("clusters:"));

        await().atMost(EVENTUALLY).until(() -> cluster(name).getMetadata().getAnnotations().containsKey(ClusterLabels.READY_REPORTED));
        GenericKubernetesResource cluster = cluster(name);
        assertThat(cluster.getMetadata().getLabels()).containsEntry("ephemeral", "true").containsEntry("pr", Integer.toString(pr))
                .containsEntry("repo", "happy").containsEntry("app.kubernetes.io/managed-by", "ephemeral-provisioner");
        assertThat(cluster.getMetadata().getAnnotations()).containsEntry(ClusterLabels.CORRELATION_ID, allocated.correlationId())
                .containsKey(ClusterLabels.PROVISIONING_DEADLINE);
        for (String kind : List.of("ProxmoxCluster", "ProxmoxMachineTemplate")) {
            assertThat(tools.genericKubernetesResources(ClusterApiKinds.context("infrastructure.cluster.x-k8s.io", "v1alpha1", kind))
                    .inNamespace(name).list().getItems()).hasSize(1);
        }
        // The site's SSH key (provisioner.template.ssh-authorized-keys) is in what the node will write.
        var controlPlane = tools.genericKubernetesResources(ClusterApiKinds.context("controlplane.cluster.x-k8s.io", "v1beta2",
                "KThreesControlPlane")).inNamespace(name).list().getItems().get(0);
        assertThat(tools.getKubernetesSerialization().asJson(controlPlane.getAdditionalProperties().get("spec")))
                .contains(Base64.getEncoder().encodeToString((FastTimeouts.SSH_KEY + "\n").getBytes(StandardCharsets.UTF_8)));
        management().get("/clusters").then().statusCode(200).body("findAll { it.name == '" + name + "' }.phase", hasItem("READY"));

        // Re-delivery of the same IpAllocated and a late replay after ready create nothing and report nothing new.
        String uid = cluster.getMetadata().getUid();
        double duplicates = IgnoredEvents.count(management(), "duplicate");
        log.send(allocated);
        log.send(allocated);
        // Consumed and decided a no-op (counted) — only then is "nothing new" worth asserting.
        await().atMost(EVENTUALLY).until(() -> IgnoredEvents.count(management(), "duplicate") >= duplicates + 2);
        log.awaitCaughtUp(EVENTUALLY);
        assertThat(log.events(name, ClusterReady.class)).hasSize(1);
        assertThat(cluster(name).getMetadata().getUid()).isEqualTo(uid);
    }

    private Config merged() {
        return vault.read("kv", FastTimeouts.MERGED_KUBECONFIG_PATH).map(d -> (String) d.get(MergedKubeconfigEntry.FIELD)).map(MergedKubeconfig::parse)
                .orElse(MergedKubeconfig.empty());
    }

    private String server(String kubeconfigInVault) {
        Config single = MergedKubeconfig.parse(kubeconfigInVault);
        return single.getClusters().get(0).getCluster().getServer();
    }

    /**
     * The seed's PR_KUBECONFIG entry (on in this profile): a context for every ready cluster, each reaching that
     * cluster's own API server, gone at teardown (issue 18.10).
     */
    @Test
    void twoClustersReadyTogetherAreBothInTheEntryAndATeardownLeavesOnlyTheOther() {
        int prA = Fixtures.number();
        int prB = Fixtures.number();
        String a = Fixtures.name("merged", prA);
        String b = Fixtures.name("merged", prB);
        String runA = Fixtures.saga();
        log.send(Fixtures.ipAllocated(runA, "merged", prA, "192.168.1.160", "192.168.1.161"));
        log.send(Fixtures.ipAllocated(Fixtures.saga(), "merged", prB, "192.168.1.162", "192.168.1.163"));

        await().atMost(EVENTUALLY).until(() -> !log.events(a, ClusterReady.class).isEmpty()
                && !log.events(b, ClusterReady.class).isEmpty());
        Config both = merged();
        assertThat(MergedKubeconfig.contextNames(both)).contains(a, b);
        // Each context reaches its own cluster: the server of the kubeconfig stored for it.
        for (String name : List.of(a, b)) {
            String own = (String) vault.read("kv", "ephemeral-clusters/" + name + "/kubeconfig").orElseThrow().get("value");
            assertThat(both.getClusters()).filteredOn(c -> c.getName().equals(name)).singleElement()
                    .satisfies(c -> assertThat(c.getCluster().getServer()).isEqualTo(server(own)));
        }

        log.send(Fixtures.expired(runA, "merged", prA));
        log.send(Fixtures.dnsReleased(runA, "merged", prA));

        await().atMost(EVENTUALLY).until(() -> !log.events(a, ClusterDestroyed.class).isEmpty());
        assertThat(MergedKubeconfig.contextNames(merged())).contains(b).doesNotContain(a);
        assertThat(vault.read("kv", "ephemeral-clusters/" + a + "/kubeconfig")).isEmpty();
    }

    /**
     * CAPMOX takes ownership of the credentials Secret a ProxmoxCluster uses; one shared Secret in another
     * namespace is no one's to the garbage collector and goes once the last cluster lets go of it — the
     * first time the pool drains, after which no cluster can boot (issue 18.2).
     */
    @Test
    void everyClusterGetsItsOwnCopyOfTheProxmoxCredentialsAndTheSitesSecretIsNeverTaken() {
        int pr = Fixtures.number();
        String name = Fixtures.name("creds", pr);
        String run = Fixtures.saga();
        log.send(Fixtures.ipAllocated(run, "creds", pr, "192.168.1.178", "192.168.1.179"));
        await().atMost(EVENTUALLY).until(() -> !log.events(name, ClusterReady.class).isEmpty());

        var site = tools.secrets().inNamespace(SimulatedClusterApiController.CREDENTIALS_NAMESPACE)
                .withName(SimulatedClusterApiController.CREDENTIALS_SECRET).get();
        var copy = tools.secrets().inNamespace(name).withName(SimulatedClusterApiController.CREDENTIALS_SECRET).get();
        assertThat(copy).as("the cluster's own copy").isNotNull();
        assertThat(copy.getMetadata().getOwnerReferences()).as("taken by CAPMOX").singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("ProxmoxCluster"));
        assertThat(copy.getMetadata().getLabels()).containsEntry(ClusterLabels.MANAGED_BY, ClusterLabels.MANAGER);
        assertThat(copy.getStringData() == null ? copy.getData() : copy.getStringData())
                .isEqualTo(site.getStringData() == null ? site.getData() : site.getStringData());
        assertThat(site.getMetadata().getOwnerReferences()).as("the site's Secret is no cluster's").isEmpty();
        assertThat(site.getMetadata().getDeletionTimestamp()).isNull();

        log.send(Fixtures.expired(run, "creds", pr));
        log.send(Fixtures.dnsReleased(run, "creds", pr));
        await().atMost(EVENTUALLY).until(() -> tools.namespaces().withName(name).get() == null);
        assertThat(tools.secrets().inNamespace(SimulatedClusterApiController.CREDENTIALS_NAMESPACE)
                .withName(SimulatedClusterApiController.CREDENTIALS_SECRET).get()).as("still there for the next cluster")
                .isNotNull().satisfies(s -> assertThat(s.getMetadata().getDeletionTimestamp()).isNull());
    }

    @Test
    void deadlinePassedFailsProvisioningAndClusterDestroyedWaitsUntilTheClusterIsGone() {
        int pr = Fixtures.number();
        String name = Fixtures.name("timeout", pr);
        clusterApi.behaviour(name, Behaviour.NEVER_READY).holdDeletion(name);
        var allocated = Fixtures.ipAllocated(Fixtures.saga(), "timeout", pr, "192.168.1.142", "192.168.1.143");

        log.send(allocated);

        await().atMost(EVENTUALLY).until(() -> !log.events(name, ProvisioningFailed.class).isEmpty());
        ProvisioningFailed failed = (ProvisioningFailed) log.events(name, ProvisioningFailed.class).get(0).data();
        assertThat(failed.reason()).startsWith("not ready after");
        assertThat(failed.lastConditions()).anyMatch(c -> c.startsWith("Available=False"));
        await().atMost(EVENTUALLY).until(() -> clusterApi.deletionRequestedAt(name).isPresent());

        // The Cluster is still there (being deleted): no ClusterDestroyed, and the teardown shows as stuck.
        await().atMost(EVENTUALLY).untilAsserted(() -> management().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'teardowns' }.data.stuck", org.hamcrest.Matchers.containsString(name)));
        management().get("/clusters").then().body("findAll { it.name == '" + name + "' }.phase", hasItem("TEARDOWN_STUCK"));
        assertThat(cluster(name)).isNotNull();
        assertThat(log.events(name, ClusterDestroyed.class)).isEmpty();
        // the gauge counts this app's stuck teardowns (not a stale gauge of an earlier app in this JVM, bound to its counts)
        await().atMost(EVENTUALLY).untilAsserted(() -> management().get("/q/metrics").then()
                .body(org.hamcrest.Matchers.matchesPattern("(?s).*\nprovisioner_teardowns_stuck [1-9][0-9]*\\.0\n.*")));

        clusterApi.releaseDeletion(name);

        await().atMost(EVENTUALLY).until(() -> !log.events(name, ClusterDestroyed.class).isEmpty());
        ClusterDestroyed destroyed = (ClusterDestroyed) log.events(name, ClusterDestroyed.class).get(0).data();
        assertThat(destroyed.reason()).isEqualTo(DestroyReason.PROVISIONING_FAILED);
        assertThat(destroyed.addresses()).extracting(Object::toString).containsExactly("192.168.1.142", "192.168.1.143");
        assertThat(cluster(name)).isNull();
        await().atMost(EVENTUALLY).until(() -> tools.namespaces().withName(name).get() == null);
        assertThat(log.events(name, ClusterReady.class)).isEmpty();
        await().atMost(EVENTUALLY).untilAsserted(() -> management().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void aProviderFailureIsReportedAndTornDown() {
        int pr = Fixtures.number();
        String name = Fixtures.name("fail", pr);
        clusterApi.behaviour(name, Behaviour.REPORT_FAILURE);

        log.send(Fixtures.ipAllocated(Fixtures.saga(), "fail", pr, "192.168.1.144", "192.168.1.145"));

        await().atMost(EVENTUALLY).until(() -> !log.events(name, ClusterDestroyed.class).isEmpty());
        ProvisioningFailed failed = (ProvisioningFailed) log.events(name, ProvisioningFailed.class).get(0).data();
        assertThat(failed.reason()).contains("storage locked");
        assertThat(log.events(name, ProvisioningFailed.class)).hasSize(1);
        assertThat(((ClusterDestroyed) log.events(name, ClusterDestroyed.class).get(0).data()).reason())
                .isEqualTo(DestroyReason.PROVISIONING_FAILED);
    }

    @Test
    void clusterExpiredInMidProvisioningCancelsTheWaitAndTearsDown() {
        int pr = Fixtures.number();
        String name = Fixtures.name("expire", pr);
        clusterApi.behaviour(name, Behaviour.NEVER_READY);
        String saga = Fixtures.saga();
        log.send(Fixtures.ipAllocated(saga, "expire", pr, "192.168.1.146", "192.168.1.147"));
        await().atMost(EVENTUALLY).until(() -> cluster(name) != null);

        // A ClusterExpired of another saga run is stale: ignored.
        double otherRun = IgnoredEvents.count(management(), "other-saga");
        log.send(Fixtures.expired(Fixtures.saga(), "expire", pr));
        await().atMost(EVENTUALLY).until(() -> IgnoredEvents.count(management(), "other-saga") > otherRun);
        assertThat(cluster(name).getMetadata().getAnnotations()).doesNotContainKey(ClusterLabels.TEARDOWN_REASON);
        var expired = Fixtures.expired(saga, "expire", pr);
        log.send(expired);
        log.send(expired);

        await().atMost(EVENTUALLY).until(() -> !log.events(name, ClusterDestroyed.class).isEmpty());
        var destroyed = log.events(name, ClusterDestroyed.class).get(0);
        assertThat(((ClusterDestroyed) destroyed.data()).reason()).isEqualTo(DestroyReason.EXPIRED);
        assertThat(destroyed.causationId()).isEqualTo(expired.id());
        assertThat(cluster(name)).isNull();
        // The namespace goes only after ClusterDestroyed was acknowledged: once it is gone, the teardown is over.
        await().atMost(EVENTUALLY).until(() -> tools.namespaces().withName(name).get() == null);
        log.awaitCaughtUp(EVENTUALLY);
        assertThat(log.events(name, ClusterDestroyed.class).stream().map(EventEnvelope::id).distinct()).hasSize(1);
        assertThat(log.events(name, ProvisioningFailed.class)).isEmpty();
        assertThat(log.events(name, ClusterReady.class)).isEmpty();
    }

    @Test
    void hostileValuesNeverReachTheApiServer() {
        // A record whose cluster name carries a YAML injection: not a valid event, so it goes to the DLQ with the reason.
        int pr = Fixtures.number();
        String name = Fixtures.name("hostile", pr);
        var valid = pw.fullstack.ephemeral.contracts.envelope.LifecycleRecordCodec.encode(
                Fixtures.ipAllocated(Fixtures.saga(), "hostile", pr, "192.168.1.152", "192.168.1.153"));
        String json = new String(valid.value(), StandardCharsets.UTF_8);
        String injected = json.replace("\"" + name + "\"", "\"" + name + "\\nkind: Secret\"");
        assertThat(injected).isNotEqualTo(json);
        log.send(new org.apache.kafka.clients.producer.ProducerRecord<>(valid.topic(), null, name,
                injected.getBytes(StandardCharsets.UTF_8), valid.headers()));

        // A valid DNS label that is not the PR's cluster name (and too long for the template, too).
        String tooLong = "pr-" + "a".repeat(44) + "-13";
        log.send(Fixtures.ipAllocatedNamed(Fixtures.saga(), java.time.Instant.now(), tooLong, "hostile", 13,
                "192.168.1.154", "192.168.1.155"));

        await().atMost(EVENTUALLY).until(() -> !log.deadLetterReasons(name).isEmpty());
        assertThat(log.deadLetterReasons(name).get(0)).isNotBlank().doesNotContain("\n");
        await().atMost(EVENTUALLY).until(() -> !log.events(tooLong, ClusterDestroyed.class).isEmpty());
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(log.deadLetterReasons(tooLong)).singleElement()
                .satisfies(letter -> assertThat(letter).contains("is not the name of fullstack-pw/hostile#13")));
        ProvisioningFailed failed = (ProvisioningFailed) log.events(tooLong, ProvisioningFailed.class).get(0).data();
        assertThat(failed.reason()).contains("refused").contains("is not the name of");
        assertThat(((ClusterDestroyed) log.events(tooLong, ClusterDestroyed.class).get(0).data()).addresses())
                .extracting(Object::toString).containsExactly("192.168.1.154", "192.168.1.155");
        for (String n : List.of(name, tooLong)) {
            assertThat(tools.namespaces().withName(n).get()).isNull();
            assertThat(tools.genericKubernetesResources(ClusterApiKinds.CLUSTER).inAnyNamespace().list().getItems())
                    .noneMatch(c -> c.getMetadata().getName().startsWith(n));
        }
    }

    @Test
    void oneAddressPerClusterIsRefusedCleanlyBeforeAnythingReachesTheToolsCluster() {
        int pr = Fixtures.number();
        String name = Fixtures.name("single", pr);
        RequestJournal.Mark before = toolsCluster.journal().mark();

        log.send(Fixtures.ipAllocated(Fixtures.saga(), "single", pr, "192.168.1.158"));

        await().atMost(EVENTUALLY).until(() -> !log.events(name, ClusterDestroyed.class).isEmpty());
        ProvisioningFailed failed = (ProvisioningFailed) log.events(name, ProvisioningFailed.class).get(0).data();
        assertThat(failed.reason()).contains("contains the control-plane endpoint 192.168.1.158")
                .contains("addresses-per-cluster=2");
        assertThat(((ClusterDestroyed) log.events(name, ClusterDestroyed.class).get(0).data()).addresses())
                .extracting(Object::toString).containsExactly("192.168.1.158");
        assertThat(toolsCluster.journal().since(before, e -> name.equals(e.namespace()) || name.equals(e.name()))).isEmpty();
    }

    @Test
    void installFailedTearsDownAReadyClusterAndRemovesItsKubeconfigFromVault() {
        int pr = Fixtures.number();
        String name = Fixtures.name("install", pr);
        String saga = Fixtures.saga();
        log.send(Fixtures.ipAllocated(saga, "install", pr, "192.168.1.156", "192.168.1.157"));
        await().atMost(EVENTUALLY).until(() -> !log.events(name, ClusterReady.class).isEmpty());
        assertThat(vault.read("kv", "ephemeral-clusters/" + name + "/kubeconfig")).isPresent();

        var installFailed = EventEnvelope.inSaga(saga, java.net.URI.create("/ephemeral-clusters/installer"),
                new pw.fullstack.ephemeral.contracts.events.InstallFailed(Fixtures.pr("install", pr),
                        pw.fullstack.ephemeral.contracts.naming.ClusterName.of(name), "phase1", "CRDs not established in 3 minutes"));
        log.send(installFailed);

        await().atMost(EVENTUALLY).until(() -> !log.events(name, ClusterDestroyed.class).isEmpty());
        var destroyed = log.events(name, ClusterDestroyed.class).get(0);
        assertThat(((ClusterDestroyed) destroyed.data()).reason()).isEqualTo(DestroyReason.INSTALL_FAILED);
        assertThat(destroyed.causationId()).isEqualTo(installFailed.id());
        assertThat(cluster(name)).isNull();
        assertThat(vault.read("kv", "ephemeral-clusters/" + name + "/kubeconfig")).isEmpty();
        await().atMost(EVENTUALLY).until(() -> tools.namespaces().withName(name).get() == null);
        management().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("provisioner_provisioning_duration_seconds_bucket"))
                .body(org.hamcrest.Matchers.containsString("provisioner_clusters{"));
    }

    @Test
    void anExpiredReadyClusterIsDeletedOnlyOnceTheOwningRunsDnsReleaseArrives() {
        int pr = Fixtures.number();
        String name = Fixtures.name("dnswait", pr);
        String saga = Fixtures.saga();
        log.send(Fixtures.ipAllocated(saga, "dnswait", pr, "192.168.1.166", "192.168.1.167"));
        await().atMost(EVENTUALLY).until(() -> !log.events(name, ClusterReady.class).isEmpty()
                && cluster(name).getMetadata().getAnnotations().containsKey(ClusterLabels.READY_REPORTED));

        log.send(Fixtures.expired(saga, "dnswait", pr));
        await().atMost(EVENTUALLY).until(() -> cluster(name).getMetadata().getAnnotations()
                .containsKey(ClusterLabels.DNS_RELEASE_DEADLINE));
        // Another run's release (a reopened PR's, a forged one) does not end the wait.
        double otherRun = IgnoredEvents.count(management(), "other-saga");
        log.send(Fixtures.dnsReleased(Fixtures.saga(), "dnswait", pr));
        Instant deadline = Instant.parse(cluster(name).getMetadata().getAnnotations().get(ClusterLabels.DNS_RELEASE_DEADLINE));
        await().atMost(EVENTUALLY).until(() -> IgnoredEvents.count(management(), "other-saga") > otherRun);
        assertThat(clusterApi.deletionRequestedAt(name)).isEmpty();
        assertThat(cluster(name).getMetadata().getAnnotations()).doesNotContainKey(ClusterLabels.DNS_RELEASED);
        management().get("/clusters").then().body("findAll { it.name == '" + name + "' }.dnsReleaseDeadline",
                hasItem(deadline.toString()));

        log.send(Fixtures.dnsReleased(saga, "dnswait", pr));

        await().atMost(EVENTUALLY).until(() -> !log.events(name, ClusterDestroyed.class).isEmpty());
        assertThat(clusterApi.deletionRequestedAt(name)).hasValueSatisfying(at -> assertThat(at).isBefore(deadline));
        assertThat(((ClusterDestroyed) log.events(name, ClusterDestroyed.class).get(0).data()).reason())
                .isEqualTo(DestroyReason.EXPIRED);
    }

    @Test
    void anExpiredReadyClusterIsDeletedAnywayWhenNoDnsReleaseArrivesInTime() {
        int pr = Fixtures.number();
        String name = Fixtures.name("dnsgone", pr);
        String saga = Fixtures.saga();
        log.send(Fixtures.ipAllocated(saga, "dnsgone", pr, "192.168.1.168", "192.168.1.169"));
        await().atMost(EVENTUALLY).until(() -> !log.events(name, ClusterReady.class).isEmpty()
                && cluster(name).getMetadata().getAnnotations().containsKey(ClusterLabels.READY_REPORTED));

        log.send(Fixtures.expired(saga, "dnsgone", pr));
        await().atMost(EVENTUALLY).until(() -> cluster(name).getMetadata().getAnnotations()
                .containsKey(ClusterLabels.DNS_RELEASE_DEADLINE));
        Instant deadline = Instant.parse(cluster(name).getMetadata().getAnnotations().get(ClusterLabels.DNS_RELEASE_DEADLINE));

        await().atMost(EVENTUALLY).until(() -> !log.events(name, ClusterDestroyed.class).isEmpty());
        assertThat(clusterApi.deletionRequestedAt(name)).hasValueSatisfying(at -> assertThat(at).isAfterOrEqualTo(deadline));
        management().get("/q/metrics").then().body(org.hamcrest.Matchers.containsString("provisioner_dns_release_timeouts_total"));
        // A late release after the Cluster is gone changes nothing.
        await().atMost(EVENTUALLY).until(() -> tools.namespaces().withName(name).get() == null);
        double noCluster = IgnoredEvents.count(management(), "no-cluster");
        log.send(Fixtures.dnsReleased(saga, "dnsgone", pr));
        await().atMost(EVENTUALLY).until(() -> IgnoredEvents.count(management(), "no-cluster") > noCluster);
        log.awaitCaughtUp(EVENTUALLY);
        assertThat(log.events(name, ClusterDestroyed.class)).hasSize(1);
        assertThat(log.deadLetterReasons(name)).isEmpty();
    }

    private RequestSpecification management() {
        return given().port(managementUrl.getPort());
    }
}
