package pw.fullstack.ephemeral.bridge.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.bridge.GitHubPayloads;

/**
 * The fields the bridge reads, checked against GitHub's published JSON Schema of webhook payloads
 * ({@code @octokit/webhooks-schemas}): every record component names a property GitHub documents, with a
 * type the bridge can read, and what the translator requires for an action GitHub always sends.
 */
class WebhookRecordsAgainstGitHubsSchemaTest {

    private static final JsonNode SCHEMA = GitHubPayloads.schema();
    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
    private static final List<String> HANDLED_ACTIONS = List.of("opened", "reopened", "ready_for_review", "labeled",
            "unlabeled", "closed", "synchronize");

    @Test
    void everyFieldOfAPullRequestDeliveryTheBridgeReadsIsDocumentedWithATypeItReads() {
        List<JsonNode> definitions = HANDLED_ACTIONS.stream().map(a -> definition("pull_request$" + a)).toList();
        List<String> problems = new ArrayList<>();

        check(PullRequestWebhook.class, definitions, "", problems);

        assertThat(problems).isEmpty();
    }

    @Test
    void everyFieldOfARepositoryDispatchTheBridgeReadsIsDocumentedWithATypeItReads() {
        List<String> problems = new ArrayList<>();

        check(RepositoryDispatchWebhook.class, List.of(definition("repository_dispatch$event")), "", problems);

        assertThat(problems).isEmpty();
    }

    @Test
    void whatTheTranslatorRequiresForAnActionGitHubAlwaysSends() {
        List<String> always = List.of("action", "repository.full_name", "pull_request.number", "pull_request.head.ref",
                "pull_request.head.sha");
        Map<String, String> time = Map.of("opened", "pull_request.created_at", "closed", "pull_request.closed_at");
        List<String> missing = new ArrayList<>();
        for (String action : HANDLED_ACTIONS) {
            List<String> paths = new ArrayList<>(always);
            paths.add(time.getOrDefault(action, "pull_request.updated_at"));
            for (String path : paths) {
                if (!requiredAlongThePath(definition("pull_request$" + action), path.split("\\."), 0)) {
                    missing.add(action + ": " + path);
                }
            }
        }

        assertThat(missing).as("documented as optional, but the bridge refuses a delivery without them").isEmpty();
        assertThat(requiredAlongThePath(definition("pull_request$opened"), new String[] {"installation", "id"}, 0))
                .as("an optional field is told apart").isFalse();
    }

    @Test
    void aFieldGitHubDoesNotDocumentOrAFieldReadAsAnotherTypeIsReported() {
        record Misread(Integer action, Integer numbr) {
        }
        List<String> problems = new ArrayList<>();

        check(Misread.class, List.of(definition("pull_request$opened")), "", problems);

        assertThat(problems).containsExactly("action: documented as [string], read as Integer", "numbr: not in GitHub's schema");
    }

    private static void check(Class<?> record, List<JsonNode> schemas, String prefix, List<String> problems) {
        for (RecordComponent component : record.getRecordComponents()) {
            String name = SNAKE_CASE.translate(component.getName());
            String path = prefix + name;
            List<JsonNode> properties = new ArrayList<>();
            schemas.forEach(schema -> properties.addAll(property(schema, name)));
            if (properties.isEmpty()) {
                problems.add(path + ": not in GitHub's schema");
                continue;
            }
            checkType(component.getGenericType(), properties, path, problems);
        }
    }

    private static void checkType(Type type, List<JsonNode> schemas, String path, List<String> problems) {
        Set<String> documented = new LinkedHashSet<>();
        schemas.forEach(schema -> documented.addAll(types(schema)));
        documented.remove("null");
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        Set<String> readable;
        if (raw == String.class) {
            readable = Set.of("string");
        } else if (raw == Integer.class || raw == Long.class) {
            readable = Set.of("integer");
        } else if (raw == Boolean.class) {
            readable = Set.of("boolean");
        } else if (raw == Instant.class) {
            readable = Set.of("string");
            if (schemas.stream().noneMatch(s -> "date-time".equals(resolve(s).path("format").asText()))) {
                problems.add(path + ": documented without format date-time");
            }
        } else if (raw == JsonNode.class) {
            return;
        } else if (raw == List.class) {
            readable = Set.of("array");
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            List<JsonNode> items = new ArrayList<>();
            schemas.forEach(schema -> items.addAll(items(schema)));
            checkType(element, items, path + "[]", problems);
        } else if (raw.isRecord()) {
            readable = Set.of("object");
            check(raw, schemas, path + ".", problems);
        } else {
            problems.add(path + ": the check does not know " + raw.getName());
            return;
        }
        if (!readable.containsAll(documented)) {
            problems.add(path + ": documented as " + documented + ", read as " + raw.getSimpleName());
        }
    }

    private static JsonNode definition(String name) {
        JsonNode definition = SCHEMA.path("definitions").path(name);
        assertThat(definition.isMissingNode()).as(name).isFalse();
        return definition;
    }

    private static JsonNode resolve(JsonNode schema) {
        while (schema.has("$ref")) {
            schema = SCHEMA.at(schema.get("$ref").asText().substring(1));
        }
        return schema;
    }

    /** Every schema {@code name} may have inside {@code schema}, through references and compositions. */
    private static List<JsonNode> property(JsonNode schema, String name) {
        JsonNode resolved = resolve(schema);
        List<JsonNode> found = new ArrayList<>();
        if (resolved.path("properties").has(name)) {
            found.add(resolved.path("properties").get(name));
        }
        for (String composition : List.of("allOf", "anyOf", "oneOf")) {
            resolved.path(composition).forEach(branch -> found.addAll(property(branch, name)));
        }
        return found;
    }

    private static List<JsonNode> items(JsonNode schema) {
        JsonNode resolved = resolve(schema);
        List<JsonNode> found = new ArrayList<>();
        if (resolved.has("items")) {
            found.add(resolved.get("items"));
        }
        for (String composition : List.of("allOf", "anyOf", "oneOf")) {
            resolved.path(composition).forEach(branch -> found.addAll(items(branch)));
        }
        return found;
    }

    private static Set<String> types(JsonNode schema) {
        JsonNode resolved = resolve(schema);
        Set<String> types = new LinkedHashSet<>();
        JsonNode type = resolved.path("type");
        if (type.isTextual()) {
            types.add(type.asText());
        }
        type.forEach(t -> types.add(t.asText()));
        for (String composition : List.of("allOf", "anyOf", "oneOf")) {
            resolved.path(composition).forEach(branch -> types.addAll(types(branch)));
        }
        return types;
    }

    private static boolean requiredAlongThePath(JsonNode schema, String[] path, int depth) {
        if (depth == path.length) {
            return true;
        }
        JsonNode resolved = resolve(schema);
        if (isRequired(resolved, path[depth])) {
            for (JsonNode next : property(resolved, path[depth])) {
                if (requiredAlongThePath(next, path, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isRequired(JsonNode resolved, String name) {
        for (JsonNode required : resolved.path("required")) {
            if (required.asText().equals(name)) {
                return true;
            }
        }
        for (String composition : List.of("allOf")) {
            for (JsonNode branch : resolved.path(composition)) {
                if (isRequired(resolve(branch), name)) {
                    return true;
                }
            }
        }
        return false;
    }
}
