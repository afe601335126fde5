package pw.fullstack.ephemeral.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules of a render that no schema holds, the ones that decide whether what was applied works: containers
 * have a name and an image; a Deployment's selector matches its pod template; probes name ports the container
 * has; volume mounts name volumes; every ServiceAccount, ConfigMap, Role and ClusterRole a Deployment or a
 * binding names exists in the render; Services, PodDisruptionBudgets and NetworkPolicies select pods of the
 * render and name ports those pods have; an Ingress names a Service port that exists.
 */
final class ReferenceRules {

    private final List<ObjectNode> objects;
    private final List<String> problems = new ArrayList<>();

    private ReferenceRules(List<ObjectNode> objects) {
        this.objects = objects;
    }

    static List<String> problems(List<ObjectNode> objects) {
        ReferenceRules rules = new ReferenceRules(objects);
        rules.check();
        return rules.problems;
    }

    private void check() {
        for (ObjectNode object : objects) {
            String kind = object.path("kind").asText();
            String where = kind + " " + namespace(object) + "/" + name(object);
            if (name(object).isEmpty()) {
                problems.add(kind + ": metadata.name is required");
            }
            switch (kind) {
                case "Deployment" -> deployment(object, where);
                case "Service" -> service(object, where);
                case "PodDisruptionBudget" -> selects(object.path("spec").path("selector").path("matchLabels"), namespace(object), where);
                case "NetworkPolicy" -> networkPolicy(object, where);
                case "RoleBinding", "ClusterRoleBinding" -> binding(object, where);
                case "Ingress" -> ingress(object, where);
                default -> {
                }
            }
        }
    }

    private void deployment(ObjectNode deployment, String where) {
        JsonNode spec = deployment.path("spec");
        JsonNode matchLabels = spec.path("selector").path("matchLabels");
        JsonNode podLabels = spec.path("template").path("metadata").path("labels");
        if (matchLabels.isMissingNode() || matchLabels.isEmpty()) {
            problems.add(where + ": spec.selector.matchLabels is required");
        }
        matchLabels.fields().forEachRemaining(e -> {
            if (!e.getValue().asText().equals(podLabels.path(e.getKey()).asText(null))) {
                problems.add(where + ": selector " + e.getKey() + "=" + e.getValue().asText() + " does not match the pod template's labels");
            }
        });
        JsonNode pod = spec.path("template").path("spec");
        String namespace = namespace(deployment);
        String serviceAccount = pod.path("serviceAccountName").asText("");
        if (!serviceAccount.isEmpty() && find("ServiceAccount", namespace, serviceAccount) == null) {
            problems.add(where + ": serviceAccountName " + serviceAccount + " is not in the render");
        }
        Set<String> volumes = new HashSet<>();
        pod.path("volumes").forEach(v -> volumes.add(v.path("name").asText()));
        if (pod.path("containers").isEmpty()) {
            problems.add(where + ": no containers");
        }
        for (JsonNode container : pod.path("containers")) {
            String c = where + " container " + container.path("name").asText("?");
            if (container.path("name").asText("").isEmpty() || container.path("image").asText("").isEmpty()) {
                problems.add(c + ": name and image are required");
            }
            Set<String> portNames = new HashSet<>();
            Set<Integer> portNumbers = new HashSet<>();
            for (JsonNode port : container.path("ports")) {
                portNumbers.add(port.path("containerPort").asInt());
                if (port.has("name")) {
                    String name = port.path("name").asText();
                    if (name.length() > 15 || !portNames.add(name)) {
                        problems.add(c + ": port name " + name + " longer than 15 characters or not unique");
                    }
                }
            }
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                JsonNode handler = container.path(probe).has("httpGet") ? container.path(probe).path("httpGet") : container.path(probe).path("tcpSocket");
                if (container.has(probe) && !portExists(handler.path("port"), portNames, portNumbers)) {
                    problems.add(c + ": " + probe + " port " + handler.path("port") + " is not a port of the container");
                }
            }
            for (JsonNode mount : container.path("volumeMounts")) {
                if (!volumes.contains(mount.path("name").asText())) {
                    problems.add(c + ": volumeMount " + mount.path("name").asText() + " names no volume");
                }
            }
            for (JsonNode from : container.path("envFrom")) {
                JsonNode ref = from.path("configMapRef");
                if (!ref.isMissingNode() && !ref.path("optional").asBoolean(false) && find("ConfigMap", namespace, ref.path("name").asText()) == null) {
                    problems.add(c + ": envFrom ConfigMap " + ref.path("name").asText() + " is not in the render");
                }
            }
            for (JsonNode env : container.path("env")) {
                JsonNode ref = env.path("valueFrom").path("configMapKeyRef");
                if (!ref.isMissingNode() && !ref.path("optional").asBoolean(false)) {
                    ObjectNode configMap = find("ConfigMap", namespace, ref.path("name").asText());
                    if (configMap == null || !configMap.path("data").has(ref.path("key").asText())) {
                        problems.add(c + ": env " + env.path("name").asText() + " names a ConfigMap key not in the render");
                    }
                }
            }
        }
    }

    private static boolean portExists(JsonNode port, Set<String> names, Set<Integer> numbers) {
        return port.isInt() ? numbers.contains(port.asInt()) : names.contains(port.asText());
    }

    private void service(ObjectNode service, String where) {
        List<JsonNode> pods = selects(service.path("spec").path("selector"), namespace(service), where);
        for (JsonNode port : service.path("spec").path("ports")) {
            JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
            for (JsonNode pod : pods) {
                if (!podHasPort(pod, target)) {
                    problems.add(where + ": targetPort " + target + " is not a port of the pods it selects");
                }
            }
        }
    }

    private void networkPolicy(ObjectNode policy, String where) {
        JsonNode selector = policy.path("spec").path("podSelector").path("matchLabels");
        List<JsonNode> pods = selector.isMissingNode() || selector.isEmpty() ? List.of() : selects(selector, namespace(policy), where);
        for (JsonNode rule : policy.path("spec").path("ingress")) {
            for (JsonNode port : rule.path("ports")) {
                for (JsonNode pod : pods) {
                    if (!podHasPort(pod, port.path("port"))) {
                        problems.add(where + ": port " + port.path("port") + " is not a port of the pods it selects");
                    }
                }
            }
        }
    }

    private static boolean podHasPort(JsonNode podSpec, JsonNode port) {
        for (JsonNode container : podSpec.path("containers")) {
            for (JsonNode p : container.path("ports")) {
                if (port.isInt() ? p.path("containerPort").asInt() == port.asInt() : port.asText().equals(p.path("name").asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The pod specs of the render's Deployments in that namespace whose template labels the selector matches. */
    private List<JsonNode> selects(JsonNode matchLabels, String namespace, String where) {
        List<JsonNode> pods = new ArrayList<>();
        for (ObjectNode deployment : objects) {
            if (!"Deployment".equals(deployment.path("kind").asText()) || !namespace(deployment).equals(namespace)) {
                continue;
            }
            JsonNode labels = deployment.path("spec").path("template").path("metadata").path("labels");
            boolean all = true;
            for (var it = matchLabels.fields(); it.hasNext(); ) {
                var e = it.next();
                all &= e.getValue().asText().equals(labels.path(e.getKey()).asText(null));
            }
            if (all) {
                pods.add(deployment.path("spec").path("template").path("spec"));
            }
        }
        if (pods.isEmpty() || matchLabels.isEmpty()) {
            problems.add(where + ": its selector " + matchLabels + " selects no pod of the render");
        }
        return pods;
    }

    private void binding(ObjectNode binding, String where) {
        JsonNode ref = binding.path("roleRef");
        String kind = ref.path("kind").asText();
        ObjectNode role = kind.equals("Role") ? find("Role", namespace(binding), ref.path("name").asText())
                : find("ClusterRole", "", ref.path("name").asText());
        if (role == null || (binding.path("kind").asText().equals("ClusterRoleBinding") && !kind.equals("ClusterRole"))) {
            problems.add(where + ": roleRef " + kind + " " + ref.path("name").asText() + " is not in the render");
        }
        for (JsonNode subject : binding.path("subjects")) {
            if ("ServiceAccount".equals(subject.path("kind").asText())
                    && find("ServiceAccount", subject.path("namespace").asText(""), subject.path("name").asText()) == null) {
                problems.add(where + ": subject ServiceAccount " + subject.path("namespace").asText() + "/" + subject.path("name").asText()
                        + " is not in the render");
            }
        }
    }

    private void ingress(ObjectNode ingress, String where) {
        for (JsonNode rule : ingress.path("spec").path("rules")) {
            for (JsonNode path : rule.path("http").path("paths")) {
                JsonNode backend = path.path("backend").path("service");
                ObjectNode service = find("Service", namespace(ingress), backend.path("name").asText());
                boolean port = false;
                if (service != null) {
                    for (JsonNode p : service.path("spec").path("ports")) {
                        port |= backend.path("port").has("name") ? backend.path("port").path("name").asText().equals(p.path("name").asText())
                                : backend.path("port").path("number").asInt() == p.path("port").asInt();
                    }
                }
                if (!port) {
                    problems.add(where + ": backend " + backend + " is not a Service port of the render");
                }
            }
        }
    }

    private ObjectNode find(String kind, String namespace, String name) {
        for (ObjectNode object : objects) {
            if (kind.equals(object.path("kind").asText()) && name.equals(name(object)) && namespace.equals(namespace(object))) {
                return object;
            }
        }
        return null;
    }

    private static String name(JsonNode object) {
        return object.path("metadata").path("name").asText("");
    }

    private static String namespace(JsonNode object) {
        return object.path("metadata").path("namespace").asText("");
    }
}
