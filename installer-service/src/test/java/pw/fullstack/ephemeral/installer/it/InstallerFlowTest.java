package pw.fullstack.ephemeral.installer.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.fabric8.kubernetes.api.model.Secret;
import pw.fullstack.ephemeral.testkit.schema.UpstreamCrds;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.DnsReleaseOutcome;
import pw.fullstack.ephemeral.contracts.events.DnsReleased;
import pw.fullstack.ephemeral.contracts.events.InstallFailed;
import pw.fullstack.ephemeral.contracts.events.InstalledComponent;
import pw.fullstack.ephemeral.contracts.events.PhasesInstalled;
import pw.fullstack.ephemeral.contracts.events.VaultSecretRef;
import pw.fullstack.ephemeral.testkit.http.ManagementPortSplit;
import pw.fullstack.ephemeral.testkit.kafka.KafkaBrokerResource;
import pw.fullstack.ephemeral.testkit.kubernetes.RequestJournal;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulatorResource;
import pw.fullstack.ephemeral.testkit.workload.SimulatedK3s;
import pw.fullstack.ephemeral.testkit.workload.ToolsClusterPlatform;
import pw.fullstack.ephemeral.testkit.workload.WorkloadBehaviour;
import pw.fullstack.ephemeral.testkit.workload.WorkloadBehaviour.ChartOutcome;

/**
 * The installer against a real broker, the Vault emulator, a validating mock tools cluster with the
 * platform's external-dns and cert-manager on it (the default: the tools cluster publishes the name and
 * issues the certificate) and simulated K3s workload clusters (helm-controller, the pinned charts),
 * all publishing into a fake DNS zone that the installer's resolver asks over UDP.
 */
@QuarkusTest
@TestProfile(FastInstalls.class)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = VaultEmulatorResource.class, restrictToAnnotatedClass = true, initArgs = {
        // Vault as in production: set up by deploy/vault/setup.sh, logged in with Kubernetes auth as role installer,
        // holding only deploy/vault/policies/installer.hcl
        @ResourceArg(name = VaultEmulatorResource.SETUP_SCRIPT_ARG, value = "../deploy/vault/setup.sh"),
        @ResourceArg(name = VaultEmulatorResource.LOGIN_AS_ARG, value = "installer")})
@QuarkusTestResource(value = WorkloadsResource.class, restrictToAnnotatedClass = true)
class InstallerFlowTest extends InstallerWorld {

    /** The management interface (health, metrics, {@code /installations}): a port of its own, random in tests. */
    @TestHTTPResource(value = "/", management = true)
    URL managementUrl;

    /** The tests pin this one image by digest (application.properties); the others keep their charts' tags. */
    @ConfigProperty(name = "installer.phase1.image-digests.external-secrets")
    String externalSecretsDigest;

    private Map<String, String> annotations(String name) {
        return tools.genericKubernetesResources(pw.fullstack.ephemeral.installer.toolscluster.ToolsCluster.CLUSTER)
                .inNamespace(name).withName(name).get().getMetadata().getAnnotations();
    }

    private static long creates(ReadyClusters.Ready ready, RequestJournal.Mark since, String group) {
        return ready.workload().journal().countSince(since, e -> e.verb() == RequestJournal.Verb.CREATE && e.inGroup(group));
    }

    @Test
    void healthMetricsAndTheInstallationsAreServedOnTheManagementPortAndNotOnTheMainOne() {
        ManagementPortSplit.assertServedOnlyByTheManagementPort(RestAssured.port, managementUrl.getPort(), "/installations");
    }

    @Test
    void aReadyClusterGetsPhase1ThenPhase2AndPhasesInstalledWithVersionsDurationsAndNoSecretAnywhere() {
        ReadyClusters.Ready ready = clusters.ready("happy", false);
        RequestJournal.Mark before = ready.workload().journal().mark();

        log.send(ready.event());

        await().atMost(EVENTUALLY).until(() -> !log.events(ready.name(), PhasesInstalled.class).isEmpty());
        EventEnvelope<?> envelope = log.events(ready.name(), PhasesInstalled.class).get(0);
        PhasesInstalled installed = (PhasesInstalled) envelope.data();
        assertThat(envelope.correlationId()).isEqualTo(ready.run());
        assertThat(envelope.causationId()).isEqualTo(ready.event().id());
        assertThat(envelope.id()).isEqualTo(EventEnvelope.causedBy(ready.event(), envelope.source(), installed).id());
        assertThat(installed.environmentUrl()).hasToString("https://" + ready.dnsName());
        assertThat(installed.installed()).contains(new InstalledComponent("cert-manager", "v1.18.6", "phase1"),
                new InstalledComponent("external-secrets", "1.3.2", "phase1"),
                new InstalledComponent("clusterissuer", "cert-manager.io/v1", "phase2"),
                new InstalledComponent("dnsendpoint", "externaldns.k8s.io/v1alpha1", "phase2"),
                new InstalledComponent("certificate", "cert-manager.io/v1", "phase2"),
                new InstalledComponent("externalsecret", "external-secrets.io/v1", "phase2"));
        assertThat(installed.components()).contains("cert-manager", "dnsendpoint", "certificate")
                .noneMatch(c -> c.startsWith("external-dns"));
        assertThat(installed.phaseDurations()).extracting(d -> d.phase()).containsExactly("phase1", "phase2", "dns-check");
        assertThat(installed.warnings()).isEmpty();

        // In the workload cluster: pinned HelmCharts with bounded retries, no external-dns, the Vault token from Vault.
        KubernetesClient workload = ready.workload().client();
        GenericKubernetesResource certManager = workload.genericKubernetesResources(SimulatedK3s.HELM_CHARTS)
                .inNamespace("kube-system").withName("cert-manager").get();
        assertThat(certManager.getAdditionalProperties().get("spec").toString()).contains("backOffLimit=3")
                .contains("failurePolicy=abort").contains("version=v1.18.6");
        // The image the site pinned by digest runs by that digest; the others by their charts' tags.
        assertThat(valuesContent(workload, "external-secrets")).contains("tag: \"v1.3.2@" + externalSecretsDigest + "\"");
        assertThat(valuesContent(workload, "cert-manager")).contains("tag: \"v1.18.6\"").doesNotContain("@sha256:");
        assertThat(creates(ready, before, "helm.cattle.io")).as("cert-manager and external-secrets, no external-dns").isEqualTo(2);
        assertThat(workload.secrets().inNamespace("external-secrets").withName("vault-token").get()).isNotNull();
        // On the tools cluster: the record, published by the platform's external-dns, at the VIP.
        assertThat(workloads.zone().lookup("cloudflare", ready.dnsName())).hasValueSatisfying(r -> {
            assertThat(r.addresses()).containsExactly(ready.vip());
            assertThat(r.owner()).isEqualTo(ToolsClusterPlatform.TXT_OWNER_ID);
        });
        assertThat(workloads.zone().lookup("pihole", ready.dnsName())).isPresent();
        // The certificate issued there, copied into the app namespace: certificate and key only, as a TLS Secret.
        Secret issued = tools.secrets().inNamespace(ready.name()).withName("environment-tls").get();
        Secret copy = workload.secrets().inNamespace("default").withName("environment-tls").get();
        assertThat(copy.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(copy.getData()).containsOnlyKeys("tls.crt", "tls.key")
                .containsEntry("tls.crt", issued.getData().get("tls.crt")).containsEntry("tls.key", issued.getData().get("tls.key"));
        assertThat(copy.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "ephemeral-installer");
        assertThat(copy.getMetadata().getAnnotations()).as("nothing of cert-manager's bookkeeping").isNullOrEmpty();
        assertThat(workload.genericKubernetesResources("external-secrets.io/v1", "ClusterSecretStore").withName("vault").get())
                .isNotNull();
        // The seed's apps' names: they deploy into default, which has the quota but stays nobody's but the cluster's.
        assertThat(workload.resourceQuotas().inNamespace("default").withName("environment").get().getSpec().getHard())
                .containsKeys("requests.cpu", "limits.memory", "pods");
        assertThat(ready.workload().journal().since(before, e -> e.resource().equals("namespaces") && "default".equals(e.name())
                && (e.verb() == RequestJournal.Verb.CREATE || e.verb() == RequestJournal.Verb.DELETE)))
                .as("default is never created or deleted by the installer").isEmpty();
        assertThat(workload.namespaces().withName("default").get().getMetadata().getLabels())
                .as("only the Pod Security labels are added to default, no mark of ownership")
                .containsEntry("pod-security.kubernetes.io/enforce", "baseline")
                .containsEntry("pod-security.kubernetes.io/warn", "baseline")
                .doesNotContainKey("app.kubernetes.io/managed-by");
        GenericKubernetesResource issuer = workload.genericKubernetesResources("cert-manager.io/v1", "ClusterIssuer")
                .withName("letsencrypt-staging").get();
        assertThat(String.valueOf(issuer.getAdditionalProperties().get("spec"))).as("the seed's name, no ACME, no DNS credential")
                .isEqualTo("{selfSigned={}}");
        assertThat(workload.genericKubernetesResources("external-secrets.io/v1", "ExternalSecret").inNamespace("default")
                .withName("cluster-secrets").get()).isNotNull();
        String appToken = secretValue(workload, "external-secrets", "vault-token", "token");
        assertThat(log.rawValues(ready.name())).noneMatch(v -> v.contains("cf-secret-token-value")
                || v.contains("pihole-secret-password") || v.contains(appToken) || v.contains("testkit-token")
                || v.contains(copy.getData().get("tls.key")));
        // What the PR's code finds in its cluster reads its own repository's secrets and nothing else in Vault.
        String own = "kv/data/ephemeral-clusters/apps/fullstack-pw/happy";
        assertThat(vaultStatus(appToken, "GET", own)).isEqualTo(200);
        // Every value that could travel as a token (the certificate's PEM, with its line breaks, cannot).
        for (String found : everySecretValue(workload).stream().filter(value -> !value.contains("\n")).toList()) {
            for (String elsewhere : List.of("kv/data/ephemeral-clusters/apps/fullstack-pw/production",
                    "kv/data/ephemeral-clusters/installer/cloudflare", "kv/data/ephemeral-clusters/" + ready.name() + "/kubeconfig",
                    "kv/metadata/ephemeral-clusters/apps/")) {
                assertThat(vaultStatus(found, elsewhere.endsWith("/") ? "LIST" : "GET", elsewhere)).as(elsewhere).isEqualTo(403);
            }
            assertThat(vaultStatus(found, "POST", "auth/token/create")).isEqualTo(403);
        }
        assertThat(vault.liveTokens()).filteredOn(t -> ready.name().equals(t.meta().get("cluster"))).singleElement()
                .satisfies(t -> {
                    assertThat(t.policies()).containsExactlyInAnyOrder("default", "ephemeral-app--fullstack-pw--happy");
                    assertThat(t.expireTime()).isBefore(java.time.Instant.now().plus(java.time.Duration.ofHours(72)).plusSeconds(60));
                    assertThat(t.orphan()).as("outlives no installer token, dies with its own TTL").isTrue();
                });
        assertThat(annotations(ready.name())).containsEntry("ephemeral.fullstack.pw/install-step", "installed")
                .containsEntry("ephemeral.fullstack.pw/install-run", ready.run());
        management().get("/installations").then().statusCode(200)
                .body("findAll { it.cluster == '" + ready.name() + "' }.step", hasItem("installed"));

        // A redelivery and a late replay of the same ClusterReady install nothing and report nothing new.
        RequestJournal.Mark replay = ready.workload().journal().mark();
        RequestJournal.Mark toolsReplay = toolsCluster.journal().mark();
        double duplicates = ignored("duplicate");
        log.send(ready.event());
        log.send(ready.event());
        // Consumed and counted as no-ops first; only then is "nothing new" worth asserting.
        await().atMost(EVENTUALLY).until(() -> ignored("duplicate") >= duplicates + 2);
        log.awaitCaughtUp(EVENTUALLY);
        assertThat(log.events(ready.name(), PhasesInstalled.class)).hasSize(1);
        assertThat(ready.workload().journal().countSince(replay, RequestJournal.Entry::isWrite)).isZero();
        assertThat(toolsCluster.journal().countSince(toolsReplay, e -> e.isWrite() && ready.name().equals(e.namespace())
                && (e.inGroup("externaldns.k8s.io") || e.inGroup("cert-manager.io")) && e.subresource() == null)).isZero();
        management().get("/q/metrics").then().body(containsString("installer_phase_duration_seconds_bucket"));
    }

    @Test
    void aReopenedPrsRunThatAdoptedTheClusterGetsPhasesInstalledQuicklyWithNothingInstalledTwice() {
        ReadyClusters.Ready ready = clusters.ready("reopen", false);
        RequestJournal.Mark before = ready.workload().journal().mark();
        log.send(ready.event());
        await().atMost(EVENTUALLY).until(() -> !log.events(ready.name(), PhasesInstalled.class).isEmpty());

        String reopened = UUID.randomUUID().toString();
        clusters.adopt(ready, reopened);
        var again = ReadyClusters.clusterReady(reopened, ready.pr(), ready.name(), ready.dnsName(), ready.vip(), false);
        RequestJournal.Mark adoption = ready.workload().journal().mark();
        double otherRun = ignored("other-saga");
        log.send(again);
        // The old run's late ClusterReady and expiry are no-ops now.
        log.send(ready.event());
        log.send(ReadyClusters.expired(ready.run(), ready.pr()));

        await().atMost(EVENTUALLY).until(() -> log.events(ready.name(), PhasesInstalled.class).stream()
                .anyMatch(e -> e.correlationId().equals(reopened)));
        assertThat(creates(ready, before, "helm.cattle.io")).as("one create per chart, ever").isEqualTo(2);
        assertThat(annotations(ready.name())).as("removed annotations are gone, not null").doesNotContainValue(null);
        assertThat(ready.workload().journal().countSince(adoption, e -> e.isWrite() && !e.inGroup(""))).isZero();
        await().atMost(EVENTUALLY).until(() -> ignored("other-saga") >= otherRun + 2);
        log.awaitCaughtUp(EVENTUALLY);
        assertThat(log.events(ready.name(), PhasesInstalled.class)).hasSize(2);
        assertThat(log.events(ready.name(), DnsReleased.class)).isEmpty();
        assertThat(vault.liveTokens()).as("the earlier run's token is revoked once the new one is in place")
                .filteredOn(t -> ready.name().equals(t.meta().get("cluster"))).singleElement()
                .satisfies(t -> assertThat(t.meta()).containsEntry("run", reopened));
    }

    @Test
    void theOwningRunsExpiryTakesTheDnsRecordAwayBeforeAnsweringDnsReleased() {
        ReadyClusters.Ready ready = clusters.ready("expire", false);
        log.send(ready.event());
        await().atMost(EVENTUALLY).until(() -> !log.events(ready.name(), PhasesInstalled.class).isEmpty());
        assertThat(workloads.zone().lookup(ready.dnsName())).isPresent();

        RequestJournal.Mark before = toolsCluster.journal().mark();
        double otherRun = ignored("other-saga");
        double duplicates = ignored("duplicate");
        log.send(ReadyClusters.expired(UUID.randomUUID().toString(), ready.pr()));
        var expired = ReadyClusters.expired(ready.run(), ready.pr());
        log.send(expired);
        log.send(expired);

        await().atMost(EVENTUALLY).until(() -> !log.events(ready.name(), DnsReleased.class).isEmpty());
        EventEnvelope<?> envelope = log.events(ready.name(), DnsReleased.class).get(0);
        DnsReleased released = (DnsReleased) envelope.data();
        assertThat(released.outcome()).isEqualTo(DnsReleaseOutcome.REMOVED);
        assertThat(released.dnsName()).isEqualTo(ready.dnsName());
        assertThat(envelope.correlationId()).isEqualTo(ready.run());
        assertThat(envelope.causationId()).isEqualTo(expired.id());
        // Gone before the answer was made, not merely by the time the test looked: compare the times.
        java.time.Instant answered = envelope.time().toInstant();
        assertThat(workloads.zone().lastRemoval(ready.dnsName())).as("the record left the zone before DnsReleased")
                .hasValueSatisfying(removed -> assertThat(removed).isBefore(answered));
        List<RequestJournal.Entry> endpoints = toolsCluster.journal().since(before, e -> e.inGroup("externaldns.k8s.io")
                && e.verb() == RequestJournal.Verb.DELETE && ready.name().equals(e.namespace()));
        assertThat(endpoints).as("the tools-side DNSEndpoint was deleted before DnsReleased").isNotEmpty()
                .allSatisfy(e -> assertThat(e.at()).isBefore(answered));
        assertThat(workloads.zone().lookup(ready.dnsName())).isEmpty();
        assertThat(tools.genericKubernetesResources("externaldns.k8s.io/v1alpha1", "DNSEndpoint").inNamespace(ready.name())
                .withName("environment").get()).isNull();
        assertThat(tools.genericKubernetesResources("cert-manager.io/v1", "Certificate").inNamespace(ready.name())
                .withName("environment").get()).as("no renewal for a cluster that goes").isNull();
        assertThat(tools.secrets().inNamespace(ready.name()).withName("environment-tls").get()).as("nor its key").isNull();
        await().atMost(EVENTUALLY).until(() -> ignored("other-saga") > otherRun && ignored("duplicate") > duplicates);
        log.awaitCaughtUp(EVENTUALLY);
        assertThat(log.events(ready.name(), DnsReleased.class).stream().map(EventEnvelope::id).distinct()).hasSize(1);
        assertThat(vault.liveTokens()).as("the cluster's Vault token is revoked at teardown")
                .noneSatisfy(t -> assertThat(t.meta().get("cluster")).isEqualTo(ready.name()));
    }

    @Test
    void aFailedHelmInstallIsReportedWithItsStepAndReason() {
        ReadyClusters.Ready ready = clusters.ready("helmfail", false);
        workloads.behaviour(ready.name(), WorkloadBehaviour.installsAfter(Duration.ofMillis(100))
                .withChart("external-secrets", ChartOutcome.FAIL));

        log.send(ready.event());

        await().atMost(EVENTUALLY).until(() -> !log.events(ready.name(), InstallFailed.class).isEmpty());
        InstallFailed failed = (InstallFailed) log.events(ready.name(), InstallFailed.class).get(0).data();
        assertThat(failed.phase()).isEqualTo("phase1");
        assertThat(failed.step()).isEqualTo("helm-install");
        assertThat(failed.reason()).contains("external-secrets").contains("BackoffLimitExceeded");
        assertThat(log.events(ready.name(), PhasesInstalled.class)).isEmpty();
        management().get("/q/metrics").then().body(containsString("installer_failures_total{step=\"helm-install\"}"));
    }

    @Test
    void crdsThatNeverBecomeEstablishedFailAtTheirOwnWaitsDeadlineNamingThem() {
        ReadyClusters.Ready ready = clusters.ready("nocrds", false);
        workloads.behaviour(ready.name(), WorkloadBehaviour.installsAfter(Duration.ofMillis(100)).withCrdsNeverEstablished());

        log.send(ready.event());

        // Within EVENTUALLY (30 s): at the CRD wait's own 3 s, long before Phase 1's 90 s in all.
        await().atMost(EVENTUALLY).until(() -> !log.events(ready.name(), InstallFailed.class).isEmpty());
        InstallFailed failed = (InstallFailed) log.events(ready.name(), InstallFailed.class).get(0).data();
        assertThat(failed.step()).isEqualTo("crds");
        assertThat(failed.reason()).startsWith("CRDs not established within 3 seconds of the helm installs completing")
                .contains("clusterissuers.cert-manager.io");
    }

    @Test
    void aHelmInstallSlowerThanEveryOtherWaitAndThanTheOldPhase1BoundStillInstalls() {
        ReadyClusters.Ready ready = clusters.ready("coldpull", false);
        // Each Job runs 16 s: more than a wait's 3 s and than the 15 s this suite once gave Phase 1 in all,
        // within what helm-controller may take (3 s + 4 attempts of 2 s + the Job's back-off).
        workloads.behaviour(ready.name(), WorkloadBehaviour.installsAfter(Duration.ofSeconds(16)));

        log.send(ready.event());

        await().atMost(EVENTUALLY).until(() -> !log.events(ready.name(), PhasesInstalled.class).isEmpty());
        assertThat(log.events(ready.name(), InstallFailed.class)).isEmpty();
        PhasesInstalled installed = (PhasesInstalled) log.events(ready.name(), PhasesInstalled.class).get(0).data();
        assertThat(installed.phaseDurations()).filteredOn(d -> d.phase().equals("phase1")).singleElement()
                .satisfies(d -> assertThat(d.millis()).isGreaterThan(16_000));
    }

    @Test
    void aNameThatNeverResolvesIsAWarningNotAFailure() {
        ReadyClusters.Ready ready = clusters.ready("nodns", false);
        platform.neverPublish(ready.dnsName());

        log.send(ready.event());

        await().atMost(EVENTUALLY).until(() -> !log.events(ready.name(), PhasesInstalled.class).isEmpty());
        PhasesInstalled installed = (PhasesInstalled) log.events(ready.name(), PhasesInstalled.class).get(0).data();
        assertThat(installed.warnings()).singleElement().asString().contains(ready.dnsName())
                .contains("did not resolve to " + ready.vip());
        assertThat(log.events(ready.name(), InstallFailed.class)).isEmpty();
    }

    @Test
    void aClusterWhoseApiIsGoneStillHasItsRecordTakenAwayFromTheToolsSide() {
        ReadyClusters.Ready ready = installedThenUnreachableThenExpired("gone");
        DnsReleased released = released(ready);
        assertThat(released.outcome()).as("the record never depended on the PR's cluster").isEqualTo(DnsReleaseOutcome.REMOVED);
        assertThat(workloads.zone().lookup(ready.dnsName())).isEmpty();
    }

    @Test
    void installPostgresAddsTheCloudNativePgOperatorAndASmallDatabase() {
        ReadyClusters.Ready ready = clusters.ready("withdb", true);

        log.send(ready.event());

        await().atMost(EVENTUALLY).until(() -> !log.events(ready.name(), PhasesInstalled.class).isEmpty());
        PhasesInstalled installed = (PhasesInstalled) log.events(ready.name(), PhasesInstalled.class).get(0).data();
        assertThat(installed.installed()).contains(new InstalledComponent("cloudnative-pg", "0.29.0", "phase1"),
                new InstalledComponent("postgresql", "postgresql.cnpg.io/v1", "phase2"));
        assertThat(ready.workload().client().genericKubernetesResources("postgresql.cnpg.io/v1", "Cluster").inNamespace("default")
                .withName("postgres").get()).as("the seed's apps connect to default/postgres").isNotNull();
    }

    @Test
    void forgedAndMistakenEventsGoToTheDeadLetterTopicAndTouchNothing() {
        ReadyClusters.Ready ready = clusters.ready("forged", false);
        RequestJournal.Mark before = ready.workload().journal().mark();
        // A kubeconfig reference that is not where the provisioner keeps this cluster's: e.g. pointing at a credential.
        var event = ready.event();
        var data = event.data();
        var elsewhere = new EventEnvelope<>(UUID.randomUUID().toString(), event.source(), event.time(), event.correlationId(),
                null, new pw.fullstack.ephemeral.contracts.events.ClusterReady(data.pullRequest(), data.clusterName(),
                data.addresses(), data.dnsName(), new VaultSecretRef("kv", "ephemeral-clusters/installer/cloudflare", "api-token"),
                data.apiEndpoint(), data.readyAt(), data.options()));
        // The owning run's ClusterReady, but naming another host: publishing it would hijack that name.
        var hijack = ReadyClusters.clusterReady(ready.run(), ready.pr(), ready.name(), "vault.fullstack.pw", ready.vip(), false);
        double otherRun = ignored("other-saga");
        log.send(hijack);
        log.send(elsewhere);
        // A ClusterReady of a run that does not own the cluster.
        log.send(ReadyClusters.clusterReady(UUID.randomUUID().toString(), ready.pr(), ready.name(), ready.dnsName(),
                ready.vip(), false));

        await().atMost(EVENTUALLY).until(() -> log.deadLetterReasons(ready.name()).size() >= 2);
        assertThat(log.deadLetterReasons(ready.name())).anySatisfy(reason -> assertThat(reason)
                .contains("host vault.fullstack.pw is not the host of").contains(ready.dnsName()));
        assertThat(log.deadLetterReasons(ready.name())).anySatisfy(reason -> assertThat(reason)
                .contains("is not where the provisioner keeps").doesNotContain("cf-secret-token-value"));
        // Both consumed (one dead-lettered, one counted as another run's) before asserting that nothing was touched.
        await().atMost(EVENTUALLY).until(() -> ignored("other-saga") > otherRun);
        assertThat(ready.workload().journal().countSince(before, RequestJournal.Entry::isWrite)).isZero();
        assertThat(tools.genericKubernetesResources("externaldns.k8s.io/v1alpha1", "DNSEndpoint").inNamespace(ready.name())
                .list().getItems()).isEmpty();
        assertThat(annotations(ready.name())).doesNotContainKey("ephemeral.fullstack.pw/install-run");
    }

    @Test
    void anInstallationThatCannotGoOnPastItsDeadlineMakesReadinessDownNamingIt() {
        ReadyClusters.Ready ready = clusters.ready("stuck", false);
        vault.seal();
        try {
            log.send(ready.event());
            await().atMost(EVENTUALLY).untilAsserted(() -> management().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'installations' }.data.stuck", containsString(ready.name())));
            management().get("/installations").then().body("findAll { it.cluster == '" + ready.name() + "' }.stuck", hasItem(true));
        } finally {
            vault.unseal();
        }
        await().atMost(EVENTUALLY).until(() -> !log.events(ready.name(), InstallFailed.class).isEmpty()
                || !log.events(ready.name(), PhasesInstalled.class).isEmpty());
        await().atMost(EVENTUALLY).untilAsserted(() -> management().get("/q/health/ready").then()
                .body("checks.find { it.name == 'installations' }.data.stuck", org.hamcrest.Matchers.not(containsString(ready.name()))));
    }

    private Secret copy(ReadyClusters.Ready ready) {
        return ready.workload().client().secrets().inNamespace("default").withName("environment-tls").get();
    }

    @Test
    void aRenewedCertificateIsCopiedIntoTheClusterAgain() {
        ReadyClusters.Ready ready = clusters.ready("renew", false);
        log.send(ready.event());
        await().atMost(EVENTUALLY).until(() -> !log.events(ready.name(), PhasesInstalled.class).isEmpty());
        Secret first = copy(ready);

        platform.certManager().renew(ready.name(), "environment");

        // Followed at installer.tls.sync-interval (1 s here): the new key and certificate replace the old ones.
        await().atMost(EVENTUALLY).until(() -> !copy(ready).getData().get("tls.key").equals(first.getData().get("tls.key")));
        Secret renewed = tools.secrets().inNamespace(ready.name()).withName("environment-tls").get();
        assertThat(copy(ready).getData()).containsEntry("tls.crt", renewed.getData().get("tls.crt"))
                .containsEntry("tls.key", renewed.getData().get("tls.key"));
        assertThat(log.events(ready.name(), PhasesInstalled.class)).as("a renewal is no new event").hasSize(1);
    }

    @Test
    void aCertificateTheIssuerRefusesIsAWarningAndIsCopiedInOnceIssued() {
        ReadyClusters.Ready ready = clusters.ready("ratelimit", false);
        platform.certManager().refuseIssuance("429 urn:ietf:params:acme:error:rateLimited: too many certificates already issued");
        try {
            log.send(ready.event());

            await().atMost(EVENTUALLY).until(() -> !log.events(ready.name(), PhasesInstalled.class).isEmpty());
            PhasesInstalled installed = (PhasesInstalled) log.events(ready.name(), PhasesInstalled.class).get(0).data();
            assertThat(installed.warnings()).singleElement().asString().startsWith("tls: the certificate for " + ready.dnsName())
                    .contains("rateLimited");
            assertThat(copy(ready)).isNull();
        } finally {
            platform.certManager().refuseIssuance(null);
        }
        await().atMost(EVENTUALLY).until(() -> copy(ready) != null);
        assertThat(copy(ready).getType()).isEqualTo("kubernetes.io/tls");
    }

    @Test
    void aHostilePrFindsNoDnsCredentialInItsClusterAndItsOwnDnsEndpointsPublishNothing() {
        ReadyClusters.Ready hostile = clusters.ready("hostile", false);
        ReadyClusters.Ready victim = clusters.ready("victim", false);
        log.send(hostile.event());
        await().atMost(EVENTUALLY).until(() -> !log.events(hostile.name(), PhasesInstalled.class).isEmpty());
        // What the PR's deploy job holds: the cluster's own kubeconfig.
        KubernetesClient app = hostile.workload().client();

        assertThat(app.secrets().inAnyNamespace().list().getItems())
                .extracting(s -> s.getMetadata().getNamespace() + "/" + s.getMetadata().getName()).contains("default/environment-tls");
        assertThat(everySecretValue(app)).as("no DNS provider credential anywhere in the cluster")
                .noneMatch(v -> v.contains("cf-secret-token-value") || v.contains("pihole-secret-password"));
        assertThat(app.genericKubernetesResources(SimulatedK3s.HELM_CHARTS).inAnyNamespace().list().getItems())
                .extracting(c -> c.getMetadata().getName()).noneMatch(n -> n.startsWith("external-dns"));

        // It installs the DNSEndpoint CRD itself and asks for another PR's name and the platform's, even with the installer's label.
        hostile.workload().installCrds(UpstreamCrds.EXTERNAL_DNS.definitions());
        for (String host : List.of(victim.dnsName(), "vault." + ReadyClusters.NAMING.domain(), "vault.fullstack.pw")) {
            for (String namespace : List.of("default", "external-dns")) {
                if (app.namespaces().withName(namespace).get() == null) {
                    app.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                            .withName(namespace).endMetadata().build()).create();
                }
                app.genericKubernetesResources(SimulatedK3s.DNS_ENDPOINTS).inNamespace(namespace).resource(ReadyClusters.appDnsEndpoint(
                        namespace, host.replace('.', '-'), host, true)).create();
            }
        }
        // The victim's own install afterwards: its name is published (the platform's external-dns worked meanwhile), at its VIP.
        log.send(victim.event());
        await().atMost(EVENTUALLY).until(() -> !log.events(victim.name(), PhasesInstalled.class).isEmpty());
        assertThat(workloads.zone().resolve(victim.dnsName())).hasValueSatisfying(r ->
                assertThat(r.addresses()).containsExactly(victim.vip()));
        assertThat(workloads.zone().records()).as("nothing the PR asked for")
                .noneMatch(r -> r.addresses().contains(ReadyClusters.HOSTILE_TARGET) || r.name().startsWith("vault."));
    }

    /** {@code installer_events_ignored_total{reason}}: proof that the installer consumed an event and found it a no-op. */
    private double ignored(String reason) {
        return pw.fullstack.ephemeral.testkit.metrics.PrometheusText.sum(
                management().get("/q/metrics").then().statusCode(200).extract().asString(),
                "installer_events_ignored_total", "reason=\"" + reason + "\"");
    }

    private static String valuesContent(KubernetesClient workload, String chart) {
        Object spec = workload.genericKubernetesResources(SimulatedK3s.HELM_CHARTS).inNamespace("kube-system").withName(chart).get()
                .getAdditionalProperties().get("spec");
        return String.valueOf(((Map<?, ?>) spec).get("valuesContent"));
    }

    private static String secretValue(KubernetesClient workload, String namespace, String name, String key) {
        return new String(Base64.getDecoder().decode(workload.secrets().inNamespace(namespace).withName(name).get().getData().get(key)),
                StandardCharsets.UTF_8);
    }

    /** What a hostile workload with the cluster's kubeconfig can read: every value of every Secret. */
    private static List<String> everySecretValue(KubernetesClient workload) {
        return workload.secrets().inAnyNamespace().list().getItems().stream()
                .filter(secret -> secret.getData() != null)
                .flatMap(secret -> secret.getData().values().stream())
                .map(value -> new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8))
                .toList();
    }

    private int vaultStatus(String token, String method, String path) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(vault.url() + "/v1/" + path)).header("X-Vault-Token", token)
                    .method(method, method.equals("POST") ? java.net.http.HttpRequest.BodyPublishers.ofString("{}")
                            : java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private RequestSpecification management() {
        return given().port(managementUrl.getPort());
    }
}
