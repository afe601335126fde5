package pw.fullstack.ephemeral.templates;

import java.util.Map;

/**
 * One rendered and checked Kubernetes object.
 *
 * @param namespace null for cluster-scoped objects (the Namespace itself)
 * @param content   the whole object as parsed from YAML (maps, lists, scalars), ready to be turned
 *                  into a client object
 */
public record ManifestObject(String apiVersion, String kind, String name, String namespace,
                             Map<String, Object> content) {

    public String group() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    @Override
    public String toString() {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }
}
