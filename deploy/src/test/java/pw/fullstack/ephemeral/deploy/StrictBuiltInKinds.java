package pw.fullstack.ephemeral.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A built-in object checked against fabric8's model of its kind, strictly: every field must be one the model (and
 * so the Kubernetes API it is generated from) knows — an unknown field anywhere lands in an
 * {@code additionalProperties} map and is reported with its path — and every value must have its field's JSON type
 * (no string for an integer, no number for a string: the API server refuses both). Quantities must parse.
 *
 * <p>This stands in for validation against the Kubernetes OpenAPI document of the targeted version, which is not in
 * the upstream directory yet (deploy/README.md, "Checks"): it catches unknown and mistyped fields, not the API
 * server's own rules (formats, enums), which {@link ReferenceRules} covers where they matter here.
 */
final class StrictBuiltInKinds {

    private static final ObjectMapper STRICT = strict();

    private StrictBuiltInKinds() {
    }

    private static ObjectMapper strict() {
        ObjectMapper mapper = Serialization.jsonMapper().copy();
        for (LogicalType scalar : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(scalar).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        return mapper;
    }

    /** Problems of one built-in object (empty: valid as far as the model can tell). */
    static List<String> problems(JsonNode object) {
        String where = object.path("kind").asText() + " " + object.path("metadata").path("name").asText();
        KubernetesResource typed;
        try {
            typed = Serialization.jsonMapper().treeToValue(object, KubernetesResource.class);
        } catch (Exception e) {
            return List.of(where + ": " + e.getMessage());
        }
        if (typed instanceof GenericKubernetesResource) {
            return List.of(where + ": fabric8's model has no kind " + object.path("apiVersion").asText() + "/" + object.path("kind").asText());
        }
        Object strict;
        try {
            strict = STRICT.treeToValue(object, typed.getClass());
        } catch (Exception e) {
            String at = e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping
                    ? mapping.getOriginalMessage() + " at " + mapping.getPath().stream()
                            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                            .collect(java.util.stream.Collectors.joining(".")) : e.getMessage();
            return List.of(where + ": " + at);
        }
        List<String> problems = new ArrayList<>();
        walk(strict, "", where, problems);
        sameScalarTypes(object, Serialization.jsonMapper().valueToTree(strict), "", where, problems);
        return problems;
    }

    /**
     * Jackson coerces a string to a number (and back) where the API server refuses it; what the model read is
     * written back and every scalar of the input must come back with the same JSON type.
     */
    private static void sameScalarTypes(JsonNode input, JsonNode read, String path, String where, List<String> problems) {
        if (input.isObject()) {
            input.fields().forEachRemaining(e -> sameScalarTypes(e.getValue(), read.path(e.getKey()),
                    path.isEmpty() ? e.getKey() : path + "." + e.getKey(), where, problems));
        } else if (input.isArray()) {
            for (int i = 0; i < input.size(); i++) {
                sameScalarTypes(input.get(i), read.path(i), path + "[" + i + "]", where, problems);
            }
        } else if (!input.isNull() && !read.isMissingNode() && input.getNodeType() != read.getNodeType()) {
            problems.add(where + ": " + path + ": " + input.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + input
                    + " where the API expects a " + read.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static void walk(Object value, String path, String where, List<String> problems) {
        if (value == null) {
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", where, problems);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(item, path + "[" + key + "]", where, problems));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object field;
            try {
                field = getter.invoke(value);
            } catch (InvocationTargetException e) {
                problems.add(where + ": " + path + ": " + e.getCause().getMessage());
                continue;
            } catch (IllegalAccessException e) {
                continue;
            }
            String name = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            if (name.equals("additionalProperties")) {
                if (field instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                    problems.add(where + ": unknown field(s) " + unknown.keySet().stream().map(k -> path.isEmpty() ? k : path + "." + k).toList());
                }
            } else {
                walk(field, path.isEmpty() ? name : path + "." + name, where, problems);
            }
        }
    }
}
