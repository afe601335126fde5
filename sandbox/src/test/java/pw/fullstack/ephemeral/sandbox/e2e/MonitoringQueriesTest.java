package pw.fullstack.ephemeral.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The check DemoScenarioIT runs against the services' /q/metrics after the demo, on a fixed set of exported names:
 * it finds the queries, and one misspelt metric in one query fails it.
 */
class MonitoringQueriesTest {

    private static final MonitoringQueries DEPLOYED = MonitoringQueries.of(
            Path.of(System.getProperty("sandbox.root", "..")).toAbsolutePath().normalize().resolve("deploy/base/monitoring"));

    @Test
    void readsTheAlertsAndEveryDashboardPanelQuery() {
        assertThat(DEPLOYED.queries()).anyMatch(q -> q.source().equals("alert PoolExhausted"));
        assertThat(DEPLOYED.queries()).anyMatch(q -> q.source().contains("panel \"GitHub rate-limit headroom\""));
        assertThat(DEPLOYED.metricNames()).contains("allocator_pool_free", "lifecycle_dead_lettered_total",
                "provisioner_provisioning_duration_seconds_bucket", "notifier_github_rate_limit_remaining");
    }

    @Test
    void aTypoInOneQueryIsReportedWithWhereItIs() {
        Set<String> exported = new TreeSet<>(DEPLOYED.metricNames());
        exported.removeAll(MonitoringQueries.NOT_FROM_THE_SERVICES.keySet());
        assertThat(DEPLOYED.missingFrom(List.of(exported))).isEmpty();

        int index = DEPLOYED.queries().indexOf(DEPLOYED.queries().stream()
                .filter(q -> q.source().equals("alert TeardownStuck")).findFirst().orElseThrow());
        MonitoringQueries typo = DEPLOYED.withExpression(index, "max(provisioner_teardown_stuck) > 0");

        assertThat(typo.missingFrom(List.of(exported)))
                .containsExactly(new MonitoringQueries.Missing("alert TeardownStuck", "provisioner_teardown_stuck"));
    }

    @Test
    void aKubeStateMetricIsAcceptedOnlyBecauseItIsAllowListedWithItsReason() {
        assertThat(MonitoringQueries.NOT_FROM_THE_SERVICES).allSatisfy((name, reason) -> {
            assertThat(name).startsWith("kube_");
            assertThat(reason).startsWith("kube-state-metrics: ");
        });
        Set<String> exported = new TreeSet<>(DEPLOYED.metricNames());
        exported.removeAll(MonitoringQueries.NOT_FROM_THE_SERVICES.keySet());
        MonitoringQueries unlisted = DEPLOYED.withExpression(0, "kube_pod_status_ready{condition=\"true\"} == 0");
        assertThat(unlisted.missingFrom(List.of(exported))).extracting(MonitoringQueries.Missing::metric).containsExactly("kube_pod_status_ready");
    }
}
