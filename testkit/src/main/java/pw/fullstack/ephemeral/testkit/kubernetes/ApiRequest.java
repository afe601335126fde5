package pw.fullstack.ephemeral.testkit.kubernetes;

import java.time.Instant;

/**
 * One request that reached a {@link MockKubernetesCluster}, read (get, list, watch) or write, in the terms the
 * API server's authorizer sees it (Kubernetes' {@code RequestInfo}): what RBAC rules are checked against.
 *
 * @param credential     the bearer token the client presented ({@code ""} without one): whose request it was
 * @param method         the HTTP method
 * @param path           the path, without the query
 * @param verb           {@code get}, {@code list}, {@code watch}, {@code create}, {@code update}, {@code patch},
 *                       {@code delete}, {@code deletecollection}; for a non-resource request the lower-case method
 * @param group          empty for the core group; null for a non-resource request
 * @param resource       the plural, e.g. {@code clusters}; null for a non-resource request (discovery, {@code /version})
 * @param subresource    e.g. {@code status}, or null
 * @param namespace      null for cluster-scoped requests and requests across namespaces
 * @param name           the object's name from the path; null for collections and creates (as the authorizer sees a
 *                       create: its name is in the body, which RBAC's resourceNames never match)
 * @param status         the HTTP status the server answered
 */
public record ApiRequest(Instant at, String credential, String method, String path, String verb, String group,
                         String version, String resource, String subresource, String namespace, String name, int status) {

    /** A request for a resource (not discovery, {@code /version}, ...). */
    public boolean isResourceRequest() {
        return resource != null;
    }

    /** The resource and its subresource as RBAC rules name them: {@code clusters}, {@code clusters/status}. */
    public String combinedResource() {
        return subresource == null ? resource : resource + "/" + subresource;
    }

    static ApiRequest of(Instant at, String credential, String method, ApiPath path, String rawPath, int status) {
        int q = rawPath.indexOf('?');
        String bare = q < 0 ? rawPath : rawPath.substring(0, q);
        if (path.kind() != ApiPath.Kind.RESOURCE) {
            return new ApiRequest(at, credential, method, bare, method.toLowerCase(java.util.Locale.ROOT), null, null, null,
                    null, null, null, status);
        }
        boolean object = path.name() != null;
        String verb = switch (method) {
            case "GET", "HEAD" -> path.isWatch() ? "watch" : object ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> object ? "delete" : "deletecollection";
            default -> method.toLowerCase(java.util.Locale.ROOT);
        };
        // a namespace is itself a cluster-scoped object: /api/v1/namespaces/x is "get namespaces x", not in namespace x
        boolean namespaceObject = path.group().isEmpty() && "namespaces".equals(path.resource());
        String namespace = namespaceObject ? null : path.namespace();
        return new ApiRequest(at, credential, method, bare, verb, path.group(), path.version(), path.resource(),
                path.subresource(), namespace, path.name(), status);
    }

    @Override
    public String toString() {
        if (!isResourceRequest()) {
            return verb + " " + path + " -> " + status;
        }
        return verb + " " + (group.isEmpty() ? "" : group + "/") + combinedResource()
                + (namespace == null ? "" : " in " + namespace) + (name == null ? "" : " " + name) + " -> " + status;
    }
}
