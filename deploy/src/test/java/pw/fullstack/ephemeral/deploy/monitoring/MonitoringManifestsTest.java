package pw.fullstack.ephemeral.deploy.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.deploy.rendering.Kustomizations;
import pw.fullstack.ephemeral.deploy.rendering.OperatorCrds;
import pw.fullstack.ephemeral.testkit.metrics.PromQlMetricNames;

/**
 * base/monitoring: what Prometheus Operator admits, scrapes and alerts on, what Grafana loads, and that every alert
 * leads to its troubleshooting entry. That every query names an exported metric is checked against the running
 * services by the sandbox's DemoScenarioIT.
 */
class MonitoringManifestsTest {

    private static List<ObjectNode> rendered;
    private static String readme;

    @BeforeAll
    static void render() throws IOException {
        rendered = Kustomizations.render(Kustomizations.deployDirectory().resolve("base/monitoring"));
        readme = Files.readString(Kustomizations.deployDirectory().resolve("README.md"));
    }

    @Test
    void theServiceMonitorAndTheRulesAreWhatPrometheusOperatorAdmits() {
        List<ObjectNode> operatorObjects = rendered.stream()
                .filter(o -> o.path("apiVersion").asText().startsWith("monitoring.coreos.com/")).toList();
        assertThat(operatorObjects).extracting(o -> o.path("kind").asText()).containsExactlyInAnyOrder("ServiceMonitor", "PrometheusRule");
        for (ObjectNode object : operatorObjects) {
            assertThat(OperatorCrds.refusal(object)).as(object.path("kind").asText()).isEmpty();
        }
    }

    @Test
    void everyServiceIsScrapedOnItsManagementPort() {
        JsonNode spec = Kustomizations.ofKind(rendered, "ServiceMonitor").get(0).path("spec");
        assertThat(spec.path("selector").path("matchLabels").path("app.kubernetes.io/part-of").asText()).isEqualTo("ephemeral-clusters");
        assertThat(spec.path("endpoints")).hasSize(1);
        assertThat(spec.path("endpoints").get(0).path("port").asText()).isEqualTo("management");
        assertThat(spec.path("endpoints").get(0).path("path").asText()).isEqualTo("/q/metrics");
    }

    @Test
    void theAlertsTheIssueAsksForAreThere() {
        assertThat(alerts()).extracting(a -> a.path("alert").asText()).contains("PoolExhausted", "AllocationQueueGrowing",
                "DeadLetterTopicNotEmpty", "TeardownStuck", "ProvisioningOverdue", "InstallationStuck", "ServiceNotReady");
    }

    @Test
    void everyAlertLeadsToItsOwnTroubleshootingEntry() {
        String troubleshooting = readme.substring(readme.indexOf("\n## Troubleshooting\n"));
        for (JsonNode alert : alerts()) {
            String name = alert.path("alert").asText();
            String runbook = alert.path("annotations").path("runbook_url").asText();
            assertThat(troubleshooting).as("### " + name + " under ## Troubleshooting").contains("\n### " + name + "\n");
            // GitHub's anchor of "### PoolExhausted" is #poolexhausted.
            assertThat(runbook).as(name).endsWith("/deploy/README.md#" + name.toLowerCase(Locale.ROOT));
            assertThat(alert.path("annotations").path("summary").asText()).as(name).isNotBlank();
            assertThat(alert.path("annotations").path("description").asText()).as(name).isNotBlank();
            assertThat(alert.path("labels").path("severity").asText()).as(name).isIn("warning", "critical");
        }
    }

    @Test
    void theDashboardIsAConfigMapGrafanasSidecarLoadsWithThePanelsTheIssueAsksFor() throws IOException {
        ObjectNode configMap = Kustomizations.ofKind(rendered, "ConfigMap").get(0);
        assertThat(configMap.path("metadata").path("labels").path("grafana_dashboard").asText()).isEqualTo("1");
        JsonNode dashboard = new ObjectMapper().readTree(configMap.path("data").path("ephemeral-clusters.json").asText());

        assertThat(dashboard.path("uid").asText()).isEqualTo("ephemeral-clusters");
        List<String> titles = new ArrayList<>();
        dashboard.path("panels").forEach(p -> titles.add(p.path("title").asText()));
        assertThat(titles).contains("Address pool", "Allocation queue", "Saga step durations (p90)", "Failures by step",
                "Clusters by phase", "GitHub rate-limit headroom");
        dashboard.path("panels").forEach(panel -> {
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            panel.path("targets").forEach(t -> assertThat(PromQlMetricNames.of(t.path("expr").asText()))
                    .as(t.path("expr").asText()).isNotEmpty());
        });
    }

    private static List<JsonNode> alerts() {
        List<JsonNode> alerts = new ArrayList<>();
        Kustomizations.ofKind(rendered, "PrometheusRule").get(0).path("spec").path("groups")
                .forEach(g -> g.path("rules").forEach(alerts::add));
        return alerts;
    }
}
