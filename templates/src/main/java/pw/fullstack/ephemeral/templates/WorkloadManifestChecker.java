package pw.fullstack.ephemeral.templates;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.network.Dns1123;

/**
 * Parses rendered Phase 1 / Phase 2 YAML back and refuses anything those phases must not put into a
 * PR's cluster: only the allowed kinds of the phase (by API group and kind), names that are DNS-1123
 * subdomains, no {@code generateName}, string labels and annotations, a HelmChart's
 * {@code valuesContent} that is itself valid YAML, no object twice.
 */
public final class WorkloadManifestChecker {

    /** Phase 1 is HelmCharts only: the operators come in through K3s's helm-controller. */
    public static final Set<String> PHASE1_KINDS = Set.of("helm.cattle.io/HelmChart");

    /** Phase 2: the CRD-dependent objects and the app namespace with its quota. */
    public static final Set<String> PHASE2_KINDS = Set.of(
            "cert-manager.io/ClusterIssuer",
            "externaldns.k8s.io/DNSEndpoint",
            "external-secrets.io/ClusterSecretStore",
            "external-secrets.io/ExternalSecret",
            "postgresql.cnpg.io/Cluster",
            "/Namespace",
            "/ResourceQuota",
            "/LimitRange");

    /** On the tools cluster, in the PR's namespace: its DNS record and its certificate, made by the platform's operators there. */
    public static final Set<String> TOOLS_KINDS = Set.of(
            "externaldns.k8s.io/DNSEndpoint",
            "cert-manager.io/Certificate");

    private static final Pattern API_VERSION = Pattern.compile("(?:[a-z0-9.-]+/)?v[0-9]+(?:(?:alpha|beta)[0-9]+)?");

    private WorkloadManifestChecker() {
    }

    public static List<ManifestObject> parseAndCheck(String origin, String yaml, Set<String> allowedKinds) {
        List<Map<String, Object>> documents = ClusterManifestChecker.documents(origin, yaml);
        List<ManifestObject> objects = new java.util.ArrayList<>();
        for (Map<String, Object> document : documents) {
            objects.add(check(origin + " object " + (objects.size() + 1), document, allowedKinds));
        }
        checkNoDuplicates(objects);
        return List.copyOf(objects);
    }

    static void checkNoDuplicates(List<ManifestObject> objects) {
        Set<String> seen = new HashSet<>();
        for (ManifestObject object : objects) {
            if (!seen.add(object.group() + "/" + object.kind() + "/" + object.namespace() + "/" + object.name())) {
                throw new TemplateException(object + " appears twice");
            }
        }
    }

    private static ManifestObject check(String where, Map<String, Object> document, Set<String> allowedKinds) {
        String apiVersion = ClusterManifestChecker.text(document.get("apiVersion"));
        String kind = ClusterManifestChecker.text(document.get("kind"));
        if (apiVersion == null || !API_VERSION.matcher(apiVersion).matches() || kind == null) {
            throw new TemplateException(where + ": apiVersion and kind are required");
        }
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        if (!allowedKinds.contains(group + "/" + kind)) {
            throw new TemplateException(where + ": kind " + InvalidInputException.quote(group + "/" + kind)
                    + " is not allowed here");
        }
        if (!(document.get("metadata") instanceof Map<?, ?> metadata)) {
            throw new TemplateException(where + ": metadata is required");
        }
        if (metadata.containsKey("generateName")) {
            throw new TemplateException(where + ": generateName is not allowed");
        }
        String name = ClusterManifestChecker.text(metadata.get("name"));
        if (name == null || !Dns1123.isSubdomain(name)) {
            throw new TemplateException(where + " (" + kind + "): name " + InvalidInputException.quote(name)
                    + " is not a DNS-1123 subdomain");
        }
        String namespace = ClusterManifestChecker.text(metadata.get("namespace"));
        if (namespace != null && !Dns1123.isLabel(namespace)) {
            throw new TemplateException(where + " (" + kind + " " + name + "): namespace "
                    + InvalidInputException.quote(namespace) + " is not a DNS-1123 label");
        }
        ClusterManifestChecker.checkStringMap(where, "labels", metadata.get("labels"));
        ClusterManifestChecker.checkStringMap(where, "annotations", metadata.get("annotations"));
        if (kind.equals("HelmChart") && document.get("spec") instanceof Map<?, ?> spec
                && spec.get("valuesContent") instanceof String values) {
            ClusterManifestChecker.yaml(where + " (HelmChart " + name + ") valuesContent", values);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> content = (Map<String, Object>) document;
        return new ManifestObject(apiVersion, kind, name, namespace, content);
    }
}
