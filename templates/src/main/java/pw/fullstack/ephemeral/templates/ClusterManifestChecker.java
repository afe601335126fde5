package pw.fullstack.ephemeral.templates;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.network.Dns1123;

/**
 * Parses rendered YAML back into objects and refuses anything that is not exactly what a cluster
 * template may produce: only the allowed kinds (by API group and kind, any version), names that
 * are DNS-1123 subdomains starting with the cluster name, one Namespace named after the cluster,
 * one Cluster named after the cluster, every other object in that namespace, no duplicate keys
 * (a classic injection trick), no duplicate objects.
 */
public final class ClusterManifestChecker {

    /** {@code group/Kind} pairs a cluster template may contain; the core group is empty. */
    public static final Set<String> ALLOWED_KINDS = Set.of(
            "/Namespace",
            "cluster.x-k8s.io/Cluster",
            "infrastructure.cluster.x-k8s.io/ProxmoxCluster",
            "infrastructure.cluster.x-k8s.io/ProxmoxMachineTemplate",
            "controlplane.cluster.x-k8s.io/KThreesControlPlane");

    private static final Pattern API_VERSION = Pattern.compile("(?:[a-z0-9.-]+/)?v[0-9]+(?:(?:alpha|beta)[0-9]+)?");
    private static final int MAX_DOCUMENTS = 50;

    private static final ObjectReader READER;

    static {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(2_000_000);
        YAMLMapper mapper = new YAMLMapper(YAMLFactory.builder().loaderOptions(options).build());
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        READER = mapper.readerFor(Object.class);
    }

    private ClusterManifestChecker() {
    }

    public static List<ManifestObject> parseAndCheck(String origin, String yaml, String clusterName) {
        Dns1123.requireLabel("cluster name", clusterName);
        List<ManifestObject> objects = new ArrayList<>();
        for (Map<String, Object> document : documents(origin, yaml)) {
            objects.add(check(origin, objects.size() + 1, document, clusterName));
        }
        Set<String> seen = new HashSet<>();
        int namespaces = 0;
        int clusters = 0;
        for (ManifestObject object : objects) {
            if (!seen.add(object.group() + "/" + object.kind() + "/" + object.name())) {
                throw new TemplateException(origin + ": " + object + " appears twice");
            }
            if (object.kind().equals("Namespace")) {
                namespaces++;
            }
            if (object.kind().equals("Cluster")) {
                clusters++;
                if (!object.name().equals(clusterName)) {
                    throw new TemplateException(origin + ": the Cluster must be named " + clusterName);
                }
            }
        }
        if (namespaces != 1 || clusters != 1) {
            throw new TemplateException(origin + ": needs exactly one Namespace and one Cluster, found "
                    + namespaces + " and " + clusters);
        }
        for (ManifestObject object : objects) {
            // CAPMOX takes ownership of the credentials Secret; an owner in another namespace is absent to the
            // garbage collector, which deletes a shared Secret the first time the pool drains.
            if (object.kind().equals("ProxmoxCluster") && object.content().get("spec") instanceof Map<?, ?> spec
                    && spec.get("credentialsRef") instanceof Map<?, ?> ref && ref.get("namespace") instanceof String ns
                    && !ns.equals(clusterName)) {
                throw new TemplateException(origin + ": " + object + " takes its Proxmox credentials from namespace "
                        + InvalidInputException.quote(ns) + "; every cluster needs its own copy in its namespace "
                        + clusterName + " (a shared Secret is deleted once the last cluster using it goes)");
            }
        }
        return List.copyOf(objects);
    }

    /**
     * The YAML documents of a rendered template, strictly parsed: duplicate keys refused, aliases
     * limited, at most {@value #MAX_DOCUMENTS} objects, each a mapping; empty documents skipped.
     */
    static List<Map<String, Object>> documents(String origin, String yaml) {
        List<Map<String, Object>> result = new ArrayList<>();
        try (MappingIterator<Object> documents = READER.readValues(yaml)) {
            while (documents.hasNextValue()) {
                Object value = documents.nextValue();
                if (value == null || "".equals(value) || (value instanceof Map<?, ?> m && m.isEmpty())) {
                    continue;
                }
                if (!(value instanceof Map<?, ?>)) {
                    throw new TemplateException(origin + " object " + (result.size() + 1) + ": not a mapping");
                }
                if (result.size() >= MAX_DOCUMENTS) {
                    throw new TemplateException(origin + ": more than " + MAX_DOCUMENTS + " objects");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> document = (Map<String, Object>) value;
                result.add(document);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof TemplateException te) {
                throw te;
            }
            throw new TemplateException(origin + ": rendered output is not valid YAML: "
                    + InvalidInputException.quote(firstLine(e.getMessage())), e);
        }
        return result;
    }

    /** Parses text that must be YAML (e.g. a HelmChart's valuesContent) with the same strict reader. */
    static Object yaml(String origin, String text) {
        try {
            return READER.readValue(text);
        } catch (IOException | RuntimeException e) {
            throw new TemplateException(origin + ": not valid YAML: " + InvalidInputException.quote(firstLine(e.getMessage())), e);
        }
    }

    private static ManifestObject check(String origin, int index, Map<String, Object> document, String clusterName) {
        String where = origin + " object " + index;
        String apiVersion = text(document.get("apiVersion"));
        String kind = text(document.get("kind"));
        if (apiVersion == null || !API_VERSION.matcher(apiVersion).matches() || kind == null) {
            throw new TemplateException(where + ": apiVersion and kind are required");
        }
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        if (!ALLOWED_KINDS.contains(group + "/" + kind)) {
            throw new TemplateException(where + ": kind " + InvalidInputException.quote(group + "/" + kind)
                    + " is not allowed in a cluster template");
        }
        if (!(document.get("metadata") instanceof Map<?, ?> metadata)) {
            throw new TemplateException(where + ": metadata is required");
        }
        if (metadata.containsKey("generateName")) {
            throw new TemplateException(where + ": generateName is not allowed");
        }
        String name = text(metadata.get("name"));
        if (name == null || !Dns1123.isSubdomain(name) || !(name.equals(clusterName) || name.startsWith(clusterName + "-"))) {
            throw new TemplateException(where + " (" + kind + "): name " + InvalidInputException.quote(name)
                    + " must be " + clusterName + " or start with " + clusterName + "-");
        }
        String namespace = text(metadata.get("namespace"));
        if (kind.equals("Namespace")) {
            if (namespace != null || !name.equals(clusterName)) {
                throw new TemplateException(where + ": the Namespace must be named " + clusterName);
            }
        } else if (!clusterName.equals(namespace)) {
            throw new TemplateException(where + " (" + kind + " " + name + "): namespace "
                    + InvalidInputException.quote(namespace) + " is not the cluster's namespace " + clusterName);
        }
        checkStringMap(where, "labels", metadata.get("labels"));
        checkStringMap(where, "annotations", metadata.get("annotations"));
        @SuppressWarnings("unchecked")
        Map<String, Object> content = (Map<String, Object>) document;
        return new ManifestObject(apiVersion, kind, name, namespace, content);
    }

    static void checkStringMap(String where, String field, Object value) {
        if (value == null) {
            return;
        }
        if (!(value instanceof Map<?, ?> map) || map.values().stream().anyMatch(v -> !(v instanceof String))) {
            throw new TemplateException(where + ": metadata." + field + " must map strings to strings");
        }
    }

    static String text(Object value) {
        return value instanceof String s ? s : null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
