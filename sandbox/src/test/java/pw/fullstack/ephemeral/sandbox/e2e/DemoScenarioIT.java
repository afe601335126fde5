package pw.fullstack.ephemeral.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.sandbox.infra.Sandbox;
import pw.fullstack.ephemeral.sandbox.infra.SandboxService;
import pw.fullstack.ephemeral.sandbox.scenario.DemoScenario;
import pw.fullstack.ephemeral.testkit.metrics.PrometheusText;

/** The scenario {@code ./sandbox.sh} plays by default reaches the end state it promises. */
class DemoScenarioIT {

    @Test
    void theReadmeDemoEndsWithAnEmptyPoolAndNoClusterLeft() throws Exception {
        try (Sandbox sandbox = TestSandboxes.start("demo", settings -> settings)) {
            assertThat(new DemoScenario(sandbox, System.out).run()).isTrue();

            everyMetricTheAlertsAndTheDashboardUseIsExportedBySomeService(sandbox);
        }
    }

    /**
     * After a whole demo every service has counted, timed and gauged what it does: each metric name in
     * deploy/base/monitoring's PromQL (alerts and dashboard panels) must be on some service's /q/metrics, or be one
     * of the few allow-listed kube-state-metrics series (MonitoringQueries, with the reason).
     */
    private static void everyMetricTheAlertsAndTheDashboardUseIsExportedBySomeService(Sandbox sandbox)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<Set<String>> exported = new ArrayList<>();
        for (SandboxService service : SandboxService.values()) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(sandbox.service(service).management("/q/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as(service + " /q/metrics").isEqualTo(200);
            exported.add(PrometheusText.sampleNames(page.body()));
        }
        MonitoringQueries queries = MonitoringQueries.of(Path.of(System.getProperty("sandbox.root", "..")).toAbsolutePath()
                .normalize().resolve("deploy/base/monitoring"));

        assertThat(queries.queries()).hasSizeGreaterThan(10);
        assertThat(queries.missingFrom(exported)).as("metrics named by an alert or a panel that no service exports").isEmpty();
    }
}
