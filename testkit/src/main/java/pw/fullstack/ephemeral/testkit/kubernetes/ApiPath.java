package pw.fullstack.ephemeral.testkit.kubernetes;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A request path of the Kubernetes REST API taken apart: {@code /api/v1/...} (core group) or
 * {@code /apis/<group>/<version>/...}, optional {@code namespaces/<ns>/}, the resource (plural),
 * name and subresource, plus the query parameters.
 *
 * @param kind RESOURCE for a resource or object path, DISCOVERY for {@code /apis/<g>/<v>}, OTHER for the rest
 */
record ApiPath(Kind kind, String group, String version, String namespace, String resource, String name,
               String subresource, Map<String, String> query) {

    enum Kind { RESOURCE, DISCOVERY, OTHER }

    static ApiPath parse(String rawPath) {
        int q = rawPath.indexOf('?');
        String path = q < 0 ? rawPath : rawPath.substring(0, q);
        Map<String, String> query = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : rawPath.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                query.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        String[] segments = path.replaceAll("^/+|/+$", "").split("/");
        String group;
        String version;
        int rest;
        if (segments.length >= 2 && segments[0].equals("api")) {
            group = "";
            version = segments[1];
            rest = 2;
        } else if (segments.length >= 3 && segments[0].equals("apis")) {
            group = segments[1];
            version = segments[2];
            rest = 3;
        } else {
            return new ApiPath(Kind.OTHER, null, null, null, null, null, null, query);
        }
        int remaining = segments.length - rest;
        if (remaining == 0) {
            return new ApiPath(Kind.DISCOVERY, group, version, null, null, null, null, query);
        }
        String namespace = null;
        if (segments[rest].equals("namespaces") && remaining >= 3 && !(remaining == 3 && isNamespaceSubresource(segments[rest + 2]))) {
            namespace = segments[rest + 1];
            rest += 2;
            remaining -= 2;
        }
        String resource = segments[rest];
        String name = remaining >= 2 ? segments[rest + 1] : null;
        String subresource = remaining >= 3 ? segments[rest + 2] : null;
        return new ApiPath(Kind.RESOURCE, group, version, namespace, resource, name, subresource, query);
    }

    private static boolean isNamespaceSubresource(String segment) {
        return segment.equals("status") || segment.equals("finalize");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    Optional<String> parameter(String name) {
        return Optional.ofNullable(query.get(name));
    }

    boolean isWatch() {
        return "true".equals(query.get("watch")) || "1".equals(query.get("watch"));
    }
}
