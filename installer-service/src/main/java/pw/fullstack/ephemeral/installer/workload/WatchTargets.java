package pw.fullstack.ephemeral.installer.workload;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import pw.fullstack.ephemeral.templates.ManifestObject;

/**
 * What of one workload cluster an installation watches during Phase 1, narrowed by selectors to what it waits for:
 * the helm-install Jobs in the HelmCharts' namespaces (helm-controller's chart label), each release's Deployments in
 * its target namespace (by {@code app.kubernetes.io/instance}, one watch per release: the API server's set-based
 * selectors would do it in one, the mock ignores them), and each CRD Phase 2 needs (by name).
 */
public record WatchTargets(List<String> jobNamespaces, List<Release> releases, List<String> crds) {

    /** helm-controller labels each helm-install Job with its HelmChart's name. */
    public static final String CHART_LABEL = "helmcharts.helm.cattle.io/chart";
    public static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
    private static final ObjectMapper JSON = Serialization.jsonMapper();

    /** A chart's release: its Deployments carry {@code app.kubernetes.io/instance=<chart>} in its target namespace. */
    public record Release(String chart, String namespace) {
    }

    public WatchTargets {
        jobNamespaces = List.copyOf(jobNamespaces);
        releases = List.copyOf(releases);
        crds = List.copyOf(crds);
    }

    public static WatchTargets of(List<ManifestObject> charts, List<String> crds) {
        return new WatchTargets(charts.stream().map(ManifestObject::namespace).distinct().toList(),
                charts.stream().map(c -> new Release(c.name(), targetNamespace(c))).toList(), crds);
    }

    /** Where helm-controller installs the chart's release: its {@code targetNamespace}, else the HelmChart's own. */
    static String targetNamespace(ManifestObject chart) {
        return JSON.valueToTree(chart.content()).path("spec").path("targetNamespace").asText(chart.namespace());
    }

    /** How many watches these are. */
    public int size() {
        return jobNamespaces.size() + releases.size() + crds.size();
    }
}
