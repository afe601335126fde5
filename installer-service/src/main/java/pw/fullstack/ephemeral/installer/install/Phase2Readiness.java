package pw.fullstack.ephemeral.installer.install;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import pw.fullstack.ephemeral.installer.workload.WorkloadObjects;
import pw.fullstack.ephemeral.templates.ManifestObject;

/**
 * Which Phase 2 objects can be applied while Phase 1 still runs: each as soon as what the real API server needs to
 * accept it is there, not after all of Phase 1. A built-in kind (the app namespace, its quota) needs nothing. A kind
 * of a CRD needs the CRD Established and, where the kind is admitted through an admission webhook, the release serving
 * the webhook installed and Available: cert-manager's webhook validates every {@code cert-manager.io} and
 * {@code acme.cert-manager.io} object (the API server refuses them while it is not served: "failed calling webhook"),
 * external-secrets' webhook its stores and ExternalSecrets, CloudNativePG's operator (its own webhook) the
 * {@code Cluster}; external-dns' DNSEndpoint has none. A kind of any other group waits for all of Phase 1, as before.
 * Pure: the loop observes ({@link Phase1Progress}), asks here, then applies and records what it applied.
 */
public final class Phase2Readiness {

    /** The record that the DNSEndpoint and the Certificate on the tools cluster were applied. */
    public static final String TOOLS_SIDE = "tools-cluster";
    /** The record that the app namespace got its Pod Security labels. */
    public static final String POD_SECURITY = "pod-security-labels";

    /** API group → the chart whose release serves its admission webhook. */
    static final Map<String, String> WEBHOOK_CHARTS = Map.of(
            "cert-manager.io", "cert-manager",
            "acme.cert-manager.io", "cert-manager",
            "external-secrets.io", "external-secrets",
            "postgresql.cnpg.io", "cloudnative-pg");
    /** API groups of Phase 2 kinds that no admission webhook admits. */
    static final Set<String> WITHOUT_WEBHOOK = Set.of("externaldns.k8s.io");

    private Phase2Readiness() {
    }

    /** What names one applied Phase 2 object in the record ({@code install-phase2-applied}). */
    public static String key(ManifestObject object) {
        return object.kind() + "/" + (object.namespace() == null ? "" : object.namespace() + "/") + object.name();
    }

    /** The Phase 2 objects not applied yet whose kind the cluster accepts now, in apply order. */
    public static List<ManifestObject> applicable(List<ManifestObject> phase2, Phase1Progress progress, Set<String> applied) {
        if (progress.unreachable().isPresent()) {
            return List.of();
        }
        return phase2.stream().filter(o -> !applied.contains(key(o))).filter(o -> accepted(o, progress)).toList();
    }

    static boolean accepted(ManifestObject object, Phase1Progress progress) {
        if (object.group().isEmpty()) {
            return true;
        }
        if (progress.pendingCrds().contains(WorkloadObjects.crdName(object))) {
            return false;
        }
        if (WITHOUT_WEBHOOK.contains(object.group())) {
            return true;
        }
        Optional<String> chart = Optional.ofNullable(WEBHOOK_CHARTS.get(object.group()));
        if (chart.isEmpty()) {
            return progress.done();
        }
        return progress.charts().stream().anyMatch(c -> c.name().equals(chart.get()) && c.available());
    }

    /** The app namespace can be labelled once it exists: {@code default} always, another once its Namespace was applied. */
    public static boolean namespaceExists(List<ManifestObject> phase2, String appNamespace, Set<String> applied) {
        return phase2.stream().filter(o -> o.group().isEmpty() && o.kind().equals("Namespace") && o.name().equals(appNamespace))
                .allMatch(o -> applied.contains(key(o)));
    }

    /** Whether every Phase 2 object, the tools-side objects (when there are any) and the labels are applied. */
    public static boolean complete(List<ManifestObject> phase2, boolean toolsSide, Set<String> applied) {
        return phase2.stream().allMatch(o -> applied.contains(key(o))) && (!toolsSide || applied.contains(TOOLS_SIDE))
                && applied.contains(POD_SECURITY);
    }

    public static Set<String> parse(Optional<String> annotation) {
        return annotation.map(a -> Arrays.stream(a.split(",")).map(String::trim).filter(k -> !k.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new))).orElseGet(LinkedHashSet::new);
    }

    public static String format(Set<String> applied) {
        return String.join(",", applied);
    }
}
