package pw.fullstack.ephemeral.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment a service's container gets from a render, as the kubelet builds it: {@code envFrom} ConfigMaps
 * first, then {@code env} in order, {@code $(VAR)} expanded from what is defined before it. A value from a Secret
 * (which is never in the render: a site creates it) stands as {@code <secret name/key>}; an optional one is left out,
 * since it may be absent.
 */
final class ServiceEnvironment {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private ServiceEnvironment() {
    }

    static Map<String, String> of(List<ObjectNode> render, String service) {
        ObjectNode deployment = find(render, "Deployment", service);
        if (deployment == null) {
            throw new AssertionError("no Deployment " + service + " in the render");
        }
        JsonNode container = null;
        for (JsonNode c : deployment.path("spec").path("template").path("spec").path("containers")) {
            if (c.path("name").asText().equals("service")) {
                container = c;
            }
        }
        if (container == null) {
            throw new AssertionError("Deployment " + service + " has no container named service");
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            ObjectNode configMap = find(render, "ConfigMap", from.path("configMapRef").path("name").asText());
            if (configMap != null) {
                configMap.path("data").fields().forEachRemaining(e -> env.put(from.path("prefix").asText("") + e.getKey(), e.getValue().asText()));
            }
        }
        for (JsonNode variable : container.path("env")) {
            String name = variable.path("name").asText();
            if (variable.has("value")) {
                env.put(name, expand(variable.path("value").asText(), env));
            } else if (variable.path("valueFrom").has("secretKeyRef")) {
                JsonNode ref = variable.path("valueFrom").path("secretKeyRef");
                if (!ref.path("optional").asBoolean(false)) {
                    env.put(name, "<secret " + ref.path("name").asText() + "/" + ref.path("key").asText() + ">");
                }
            } else if (variable.path("valueFrom").has("configMapKeyRef")) {
                JsonNode ref = variable.path("valueFrom").path("configMapKeyRef");
                ObjectNode configMap = find(render, "ConfigMap", ref.path("name").asText());
                if (configMap != null && configMap.path("data").has(ref.path("key").asText())) {
                    env.put(name, configMap.path("data").path(ref.path("key").asText()).asText());
                }
            } else if (variable.has("valueFrom")) {
                env.put(name, "<" + variable.path("valueFrom").fieldNames().next() + ">");
            } else {
                env.put(name, "");
            }
        }
        return env;
    }

    /** {@code $(VAR)} of a variable defined before; an undefined one stays as written, as the kubelet leaves it. */
    static String expand(String value, Map<String, String> defined) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = defined.getOrDefault(m.group(1), m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static ObjectNode find(List<ObjectNode> render, String kind, String name) {
        return render.stream().filter(o -> kind.equals(o.path("kind").asText()) && name.equals(o.path("metadata").path("name").asText()))
                .findFirst().orElse(null);
    }
}
