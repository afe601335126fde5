package pw.fullstack.ephemeral.testkit.workload;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import pw.fullstack.ephemeral.testkit.schema.UpstreamCrds;

/**
 * What {@code helm install} of one pinned chart does to the API server, as far as the installer can
 * see it: which Deployments appear (named as the chart's templates name them from the release name)
 * and which CRDs (the upstream ones of the same version, when the chart's values install them).
 * Only the versions in {@link #catalog()} exist; any other repository, chart or version makes the
 * helm-install Job fail like a {@code helm install} that cannot find the chart.
 *
 * @param repo        the Helm repository URL
 * @param chart       the chart name in it
 * @param version     the only version the simulation serves (the upstream CRDs' version)
 * @param deployments Deployment names for a release name
 * @param crds        the CRDs the chart installs
 * @param installsCrds whether the chart installs its CRDs with these values
 */
public record SimulatedChart(String repo, String chart, String version, Function<String, List<String>> deployments,
                             UpstreamCrds crds, Predicate<JsonNode> installsCrds) {

    /** The charts the installer pins: exactly the versions of the upstream CRDs. */
    public static List<SimulatedChart> catalog() {
        return List.of(
                // cert-manager: three Deployments named from the release; CRDs only with crds.enabled (or the
                // deprecated installCRDs), which is off by default.
                new SimulatedChart("https://charts.jetstack.io", "cert-manager", "v1.18.6",
                        release -> List.of(fullname(release, "cert-manager"), fullname(release, "cert-manager") + "-cainjector",
                                fullname(release, "cert-manager") + "-webhook"),
                        UpstreamCrds.CERT_MANAGER,
                        values -> values.path("crds").path("enabled").asBoolean(false) || values.path("installCRDs").asBoolean(false)),
                // external-dns: the DNSEndpoint CRD is in the chart's crds/ directory, which helm always installs.
                new SimulatedChart("https://kubernetes-sigs.github.io/external-dns/", "external-dns", "1.20.0",
                        release -> List.of(fullname(release, "external-dns")), UpstreamCrds.EXTERNAL_DNS, values -> true),
                new SimulatedChart("https://charts.external-secrets.io", "external-secrets", "1.3.2",
                        release -> List.of(fullname(release, "external-secrets"), fullname(release, "external-secrets") + "-webhook",
                                fullname(release, "external-secrets") + "-cert-controller"),
                        UpstreamCrds.EXTERNAL_SECRETS, values -> values.path("installCRDs").asBoolean(true)),
                new SimulatedChart("https://cloudnative-pg.github.io/charts", "cloudnative-pg", "0.29.0",
                        release -> List.of(fullname(release, "cloudnative-pg")), UpstreamCrds.CLOUDNATIVE_PG,
                        values -> values.path("crds").path("create").asBoolean(true)));
    }

    /** The chart a HelmChart asks for, if the simulation serves that repository, chart and version. */
    public static Optional<SimulatedChart> find(String repo, String chart, String version) {
        return catalog().stream()
                .filter(c -> c.repo().equals(stripSlash(repo) ) || stripSlash(c.repo()).equals(stripSlash(repo)))
                .filter(c -> c.chart().equals(chart) && c.version().equals(version))
                .findFirst();
    }

    /** Helm's usual {@code <chart>.fullname}: the release name when it contains the chart name, else release-chart. */
    static String fullname(String release, String chart) {
        return release.contains(chart) ? release : release + "-" + chart;
    }

    List<String> deploymentsOf(String release) {
        return new ArrayList<>(deployments.apply(release));
    }

    private static String stripSlash(String url) {
        return url == null ? "" : url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
