package pw.fullstack.ephemeral.installer.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.templates.ManifestObject;

/** Which Phase 2 objects go in while Phase 1 still runs: each once the cluster would accept it. */
class Phase2ReadinessTest {

    private static final ManifestObject NAMESPACE = object("v1", "Namespace", "apps", null);
    private static final ManifestObject QUOTA = object("v1", "ResourceQuota", "environment", "apps");
    private static final ManifestObject ISSUER = object("cert-manager.io/v1", "ClusterIssuer", "letsencrypt-staging", null);
    private static final ManifestObject STORE = object("external-secrets.io/v1", "ClusterSecretStore", "vault", null);
    private static final ManifestObject SECRET = object("external-secrets.io/v1", "ExternalSecret", "cluster-secrets", "apps");
    private static final ManifestObject RECORD = object("externaldns.k8s.io/v1alpha1", "DNSEndpoint", "environment", "external-dns");
    private static final ManifestObject UNKNOWN = object("example.org/v1", "Widget", "w", null);
    private static final List<ManifestObject> PHASE2 = List.of(ISSUER, RECORD, STORE, NAMESPACE, QUOTA, SECRET, UNKNOWN);
    private static final List<String> ALL_CRDS = List.of("clusterissuers.cert-manager.io", "dnsendpoints.externaldns.k8s.io",
            "clustersecretstores.external-secrets.io", "externalsecrets.external-secrets.io", "widgets.example.org");

    private static ManifestObject object(String apiVersion, String kind, String name, String namespace) {
        return new ManifestObject(apiVersion, kind, name, namespace, Map.of());
    }

    private static Phase1Progress progress(List<Phase1Progress.Chart> charts, List<String> pendingCrds) {
        return new Phase1Progress(charts, pendingCrds, Optional.empty());
    }

    @Test
    void builtInKindsGoInAtOnceAndNothingOfACrdBeforeItIsEstablished() {
        Phase1Progress justApplied = progress(List.of(Phase1Progress.Chart.pending("cert-manager"),
                Phase1Progress.Chart.pending("external-secrets")), ALL_CRDS);

        assertThat(Phase2Readiness.applicable(PHASE2, justApplied, Set.of())).containsExactly(NAMESPACE, QUOTA);
    }

    @Test
    void aWebhookBackedKindWaitsForItsReleaseToBeAvailableNotForTheWholeOfPhase1() {
        List<String> externalSecretsPending = List.of("clustersecretstores.external-secrets.io",
                "externalsecrets.external-secrets.io", "widgets.example.org");
        Phase1Progress webhookNotUp = progress(List.of(Phase1Progress.Chart.installed("cert-manager",
                List.of("cert-manager/cert-manager-webhook")), Phase1Progress.Chart.pending("external-secrets")),
                List.of("dnsendpoints.externaldns.k8s.io", "clustersecretstores.external-secrets.io",
                        "externalsecrets.external-secrets.io", "widgets.example.org"));
        Phase1Progress certManagerUp = progress(List.of(Phase1Progress.Chart.installed("cert-manager", List.of()),
                Phase1Progress.Chart.pending("external-secrets")), externalSecretsPending);

        assertThat(Phase2Readiness.applicable(PHASE2, webhookNotUp, Set.of()))
                .as("its CRD is established, its webhook not served yet").doesNotContain(ISSUER);
        assertThat(Phase2Readiness.applicable(PHASE2, certManagerUp, Set.of()))
                .as("cert-manager is up, external-secrets still installs").containsExactly(ISSUER, RECORD, NAMESPACE, QUOTA);
    }

    @Test
    void aKindOfAnUnknownGroupWaitsForAllOfPhase1AndWhatWasAppliedIsNotAppliedAgain() {
        Phase1Progress allButWidgets = progress(List.of(Phase1Progress.Chart.installed("cert-manager", List.of()),
                Phase1Progress.Chart.installed("external-secrets", List.of("external-secrets/webhook"))), List.of());
        Phase1Progress done = progress(List.of(Phase1Progress.Chart.installed("cert-manager", List.of()),
                Phase1Progress.Chart.installed("external-secrets", List.of())), List.of());
        Set<String> applied = Set.of(Phase2Readiness.key(ISSUER), Phase2Readiness.key(NAMESPACE), Phase2Readiness.key(QUOTA));

        assertThat(Phase2Readiness.applicable(PHASE2, allButWidgets, applied)).containsExactly(RECORD);
        assertThat(Phase2Readiness.applicable(PHASE2, done, applied)).containsExactly(RECORD, STORE, SECRET, UNKNOWN);
        assertThat(Phase2Readiness.applicable(PHASE2, Phase1Progress.unreachable("connection refused"), Set.of()))
                .as("nothing while the cluster cannot be read").isEmpty();
    }

    @Test
    void theRecordOfWhatWasAppliedSurvivesARestartAndTellsWhenPhase2IsComplete() {
        Set<String> applied = Phase2Readiness.parse(Optional.of(Phase2Readiness.format(Set.of(Phase2Readiness.key(ISSUER),
                Phase2Readiness.TOOLS_SIDE))));

        assertThat(applied).containsExactlyInAnyOrder("ClusterIssuer/letsencrypt-staging", "tools-cluster");
        assertThat(Phase2Readiness.complete(List.of(ISSUER), true, applied)).as("the labels are missing").isFalse();
        assertThat(Phase2Readiness.complete(List.of(ISSUER), true, Set.of(Phase2Readiness.key(ISSUER),
                Phase2Readiness.TOOLS_SIDE, Phase2Readiness.POD_SECURITY))).isTrue();
        assertThat(Phase2Readiness.namespaceExists(PHASE2, "apps", Set.of())).as("its Namespace not applied yet").isFalse();
        assertThat(Phase2Readiness.namespaceExists(PHASE2, "default", Set.of())).as("every cluster has it").isTrue();
    }
}
