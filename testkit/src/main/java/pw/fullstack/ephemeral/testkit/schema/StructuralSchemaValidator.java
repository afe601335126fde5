package pw.fullstack.ephemeral.testkit.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.runtime.CelEvaluationException;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks one object against the {@code openAPIV3Schema} of a CRD version the way the API server
 * does (k8s.io/apiextensions-apiserver, Kubernetes 1.30), in the API server's order:
 *
 * <ol>
 *   <li>{@link #normalize}: drop non-nullable nulls, find unknown fields (what strict field validation
 *       refuses, or pruning removes), apply {@code default}s;</li>
 *   <li>{@link #validate}: the OpenAPI value validations (type, nullable, format, enum, pattern,
 *       min/max length/items/properties/value, multipleOf, required, allOf/anyOf/oneOf/not,
 *       {@code x-kubernetes-int-or-string}, {@code x-kubernetes-preserve-unknown-fields},
 *       {@code x-kubernetes-embedded-resource}); the metadata of the object and of embedded resources;
 *       {@code x-kubernetes-list-type} set/map uniqueness; then, unless a value had the wrong type,
 *       the CEL rules ({@code x-kubernetes-validations}, transition rules with {@code oldSelf} on
 *       update, correlated by property, map key and list-map key).</li>
 * </ol>
 *
 * Messages and paths follow kube-openapi and apiextensions-apiserver, e.g.
 * {@code spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"}.
 */
public final class StructuralSchemaValidator {

    private static final Set<String> OBJECT_META_FIELDS = Set.of("name", "generateName", "namespace", "selfLink", "uid",
            "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
            "labels", "annotations", "ownerReferences", "finalizers", "managedFields");
    private static final Map<String, com.google.re2j.Pattern> PATTERNS = new ConcurrentHashMap<>();
    private static final Pattern UUID = Pattern.compile("(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}");
    private static final Pattern DURATION = Pattern.compile("([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h|d|w))+");

    private final JSONSchemaProps root;

    public StructuralSchemaValidator(JSONSchemaProps root) {
        this.root = root;
    }

    // ------------------------------------------------------------------ normalize

    /**
     * Drops non-nullable nulls, collects unknown fields (removing them when {@code prune}), then applies
     * defaults, in place. Returns the unknown fields' paths, e.g. {@code spec.foo}, in document order.
     */
    public List<String> normalize(ObjectNode object, boolean prune) {
        pruneNulls(object, root);
        List<String> unknown = new ArrayList<>();
        unknownFields(object, root, "", true, prune, unknown);
        applyDefaults(object, root);
        return unknown;
    }

    private static JSONSchemaProps propertySchema(JSONSchemaProps s, String key) {
        if (s == null) {
            return null;
        }
        if (s.getProperties() != null && s.getProperties().containsKey(key)) {
            return s.getProperties().get(key);
        }
        return additional(s);
    }

    private static JSONSchemaProps additional(JSONSchemaProps s) {
        return s != null && s.getAdditionalProperties() != null ? s.getAdditionalProperties().getSchema() : null;
    }

    private static JSONSchemaProps items(JSONSchemaProps s) {
        return s != null && s.getItems() != null ? s.getItems().getSchema() : null;
    }

    private static boolean nullable(JSONSchemaProps s) {
        return s != null && Boolean.TRUE.equals(s.getNullable());
    }

    private static void pruneNulls(JsonNode x, JSONSchemaProps s) {
        if (x instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JSONSchemaProps child = propertySchema(s, field.getKey());
                if (field.getValue().isNull() && child != null && !nullable(child) && child.getDefault() == null) {
                    fields.remove();
                } else {
                    pruneNulls(field.getValue(), child);
                }
            }
        } else if (x instanceof ArrayNode array) {
            array.forEach(item -> pruneNulls(item, items(s)));
        }
    }

    private static void applyDefaults(JsonNode x, JSONSchemaProps s) {
        if (s == null) {
            return;
        }
        if (x instanceof ObjectNode object) {
            if (s.getProperties() != null) {
                s.getProperties().forEach((name, property) -> {
                    if (property.getDefault() != null && (!object.has(name) || (object.get(name).isNull() && !nullable(property)))) {
                        object.set(name, property.getDefault().deepCopy());
                    }
                });
            }
            object.fields().forEachRemaining(field -> {
                JSONSchemaProps child = s.getProperties() != null ? s.getProperties().get(field.getKey()) : null;
                if (child == null && additional(s) != null) {
                    child = additional(s);
                    if (field.getValue().isNull() && !nullable(child) && child.getDefault() != null) {
                        field.setValue(child.getDefault().deepCopy());
                    }
                }
                applyDefaults(field.getValue(), child);
            });
        } else if (x instanceof ArrayNode array) {
            JSONSchemaProps item = items(s);
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isNull() && item != null && !nullable(item) && item.getDefault() != null) {
                    array.set(i, item.getDefault().deepCopy());
                }
                applyDefaults(array.get(i), item);
            }
        }
    }

    private static void unknownFields(JsonNode x, JSONSchemaProps s, String path, boolean resourceRoot, boolean prune,
                                      List<String> unknown) {
        if (x instanceof ObjectNode object) {
            boolean embedded = resourceRoot || (s != null && Boolean.TRUE.equals(s.getXKubernetesEmbeddedResource()));
            boolean preserve = s != null && Boolean.TRUE.equals(s.getXKubernetesPreserveUnknownFields());
            JSONSchemaProps additional = additional(s);
            boolean anyAdditional = s != null && s.getAdditionalProperties() != null
                    && (additional != null || Boolean.TRUE.equals(s.getAdditionalProperties().getAllows()));
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String key = field.getKey();
                String child = FieldPaths.child(path, key);
                if (embedded && key.equals("metadata") && field.getValue() instanceof ObjectNode meta) {
                    Iterator<String> names = meta.fieldNames();
                    while (names.hasNext()) {
                        String name = names.next();
                        if (!OBJECT_META_FIELDS.contains(name)) {
                            unknown.add(FieldPaths.child(child, name));
                            if (prune) {
                                names.remove();
                            }
                        }
                    }
                    continue;
                }
                if (embedded && (key.equals("apiVersion") || key.equals("kind"))) {
                    continue;
                }
                JSONSchemaProps property = s != null && s.getProperties() != null ? s.getProperties().get(key) : null;
                if (property != null) {
                    unknownFields(field.getValue(), property, child, false, prune, unknown);
                } else if (additional != null) {
                    unknownFields(field.getValue(), additional, FieldPaths.key(path, key), false, prune, unknown);
                } else if (!preserve && !anyAdditional && s != null) {
                    unknown.add(child);
                    if (prune) {
                        fields.remove();
                    }
                }
            }
        } else if (x instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                unknownFields(array.get(i), items(s), FieldPaths.index(path, i), false, prune, unknown);
            }
        }
    }

    // ------------------------------------------------------------------ validate

    /** Every error of the object (after {@link #normalize}); {@code old} is the stored object on update, else null. */
    public List<FieldError> validate(JsonNode object, JsonNode old) {
        List<FieldError> errors = new ArrayList<>();
        value(object, root, "", errors);
        embeddedAndMetadata(object, root, "", true, errors);
        listTypes(object, root, "", errors);
        boolean typeErrors = errors.stream().anyMatch(e -> e.type() == FieldError.Type.TYPE_INVALID);
        if (!typeErrors) {
            cel(object, old, root, "", true, errors);
        }
        return errors;
    }

    /** The value validations of one schema node and its children (kube-openapi's SchemaValidator). */
    private void value(JsonNode x, JSONSchemaProps s, String path, List<FieldError> errors) {
        if (s == null) {
            return;
        }
        String name = path.isEmpty() ? "." : path;
        if (x == null || x.isNull()) {
            if (!nullable(s) && (s.getType() != null && !s.getType().isEmpty() || Boolean.TRUE.equals(s.getXKubernetesIntOrString()))) {
                errors.add(FieldError.typeInvalid(path, "null", name + " in body must be of type " + typeList(s) + ": \"null\""));
            }
            return;
        }
        String actual = Json.typeName(x);
        if (!typeMatches(s, x, actual)) {
            errors.add(FieldError.typeInvalid(path, actual, name + " in body must be of type " + typeList(s) + ": " + GoValues.quote(actual)));
            return;
        }
        for (JSONSchemaProps branch : list(s.getAllOf())) {
            value(x, branch, path, errors);
        }
        if (!list(s.getAnyOf()).isEmpty() && list(s.getAnyOf()).stream().noneMatch(b -> passes(x, b, path))) {
            errors.add(FieldError.invalid(path, Json.toJava(x), name + " in body must validate at least one schema (anyOf)"));
        }
        if (!list(s.getOneOf()).isEmpty() && list(s.getOneOf()).stream().filter(b -> passes(x, b, path)).count() != 1) {
            errors.add(FieldError.invalid(path, Json.toJava(x), name + " in body must validate one and only one schema (oneOf)"));
        }
        if (s.getNot() != null && passes(x, s.getNot(), path)) {
            errors.add(FieldError.invalid(path, Json.toJava(x), name + " in body must not validate the schema (not)"));
        }
        if (x.isTextual()) {
            string(x.asText(), s, path, name, errors);
        }
        if (x.isNumber()) {
            number(x, s, path, name, errors);
        }
        if (s.getEnum() != null && !s.getEnum().isEmpty() && s.getEnum().stream().noneMatch(e -> sameJson(e, x))) {
            List<String> allowed = s.getEnum().stream().map(e -> e.isTextual() ? e.asText() : e.toString()).toList();
            errors.add(FieldError.notSupported(path, Json.toJava(x), allowed));
        }
        if (x.isArray()) {
            if (s.getMaxItems() != null && x.size() > s.getMaxItems()) {
                errors.add(FieldError.tooMany(path, x.size(), s.getMaxItems()));
            }
            if (s.getMinItems() != null && x.size() < s.getMinItems()) {
                errors.add(FieldError.invalid(path, (long) x.size(), name + " in body should have at least " + s.getMinItems() + " items"));
            }
            for (int i = 0; i < x.size(); i++) {
                value(x.get(i), items(s), FieldPaths.index(path, i), errors);
            }
        }
        if (x.isObject()) {
            if (s.getMaxProperties() != null && x.size() > s.getMaxProperties()) {
                errors.add(FieldError.tooMany(path, x.size(), s.getMaxProperties()));
            }
            if (s.getMinProperties() != null && x.size() < s.getMinProperties()) {
                errors.add(FieldError.invalid(path, (long) x.size(), name + " in body should have at least " + s.getMinProperties() + " properties"));
            }
            for (String required : list(s.getRequired())) {
                if (!x.has(required)) {
                    errors.add(FieldError.required(FieldPaths.child(path, required), ""));
                }
            }
            x.fields().forEachRemaining(field -> {
                JSONSchemaProps property = s.getProperties() != null ? s.getProperties().get(field.getKey()) : null;
                if (property != null) {
                    value(field.getValue(), property, FieldPaths.child(path, field.getKey()), errors);
                } else if (additional(s) != null) {
                    value(field.getValue(), additional(s), FieldPaths.child(path, field.getKey()), errors);
                }
            });
        }
    }

    private boolean passes(JsonNode x, JSONSchemaProps branch, String path) {
        List<FieldError> branchErrors = new ArrayList<>();
        JSONSchemaProps copy = branch;
        value(x, copy, path, branchErrors);
        return branchErrors.isEmpty();
    }

    private static String typeList(JSONSchemaProps s) {
        return Boolean.TRUE.equals(s.getXKubernetesIntOrString()) ? "integer,string" : s.getType();
    }

    private static boolean typeMatches(JSONSchemaProps s, JsonNode x, String actual) {
        if (Boolean.TRUE.equals(s.getXKubernetesIntOrString())) {
            return x.isTextual() || x.isIntegralNumber() || (x.isNumber() && isWhole(x.asDouble()));
        }
        String type = s.getType();
        if (type == null || type.isEmpty()) {
            return true;
        }
        return switch (type) {
            case "integer" -> x.isIntegralNumber() || (x.isNumber() && isWhole(x.asDouble()));
            case "number" -> x.isNumber();
            default -> type.equals(actual);
        };
    }

    private static boolean isWhole(double d) {
        return !Double.isInfinite(d) && d == Math.rint(d);
    }

    private static void string(String text, JSONSchemaProps s, String path, String name, List<FieldError> errors) {
        int length = text.codePointCount(0, text.length());
        if (s.getMaxLength() != null && length > s.getMaxLength()) {
            errors.add(FieldError.tooLong(path, text, s.getMaxLength()));
        }
        if (s.getMinLength() != null && length < s.getMinLength()) {
            errors.add(FieldError.invalid(path, text, name + " in body should be at least " + s.getMinLength() + " chars long"));
        }
        if (s.getPattern() != null && !PATTERNS.computeIfAbsent(s.getPattern(), com.google.re2j.Pattern::compile).matcher(text).find()) {
            errors.add(FieldError.invalid(path, text, name + " in body should match '" + s.getPattern() + "'"));
        }
        if (s.getFormat() != null && !s.getFormat().isEmpty() && !formatAccepts(s.getFormat(), text)) {
            errors.add(FieldError.typeInvalid(path, text, name + " in body must be of type " + s.getFormat() + ": " + GoValues.quote(text)));
        }
    }

    /**
     * The formats the API server checks for CRDs (its strfmt registry); others, including the numeric
     * int32/int64/float/double annotations on strings, are not checked, as there.
     */
    static boolean formatAccepts(String format, String text) {
        try {
            switch (format) {
                case "date-time", "datetime" -> OffsetDateTime.parse(text);
                case "date" -> LocalDate.parse(text);
                case "byte" -> Base64.getDecoder().decode(text.getBytes(StandardCharsets.US_ASCII));
                case "uuid" -> {
                    return UUID.matcher(text).matches();
                }
                case "duration" -> {
                    return DURATION.matcher(text).matches();
                }
                case "ipv4" -> {
                    return text.matches("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
                }
                default -> {
                    return true;
                }
            }
            return true;
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return false;
        }
    }

    private static void number(JsonNode x, JSONSchemaProps s, String path, String name, List<FieldError> errors) {
        double d = x.asDouble();
        Object shown = Json.toJava(x);
        if (s.getMaximum() != null) {
            boolean exclusive = Boolean.TRUE.equals(s.getExclusiveMaximum());
            if (exclusive ? d >= s.getMaximum() : d > s.getMaximum()) {
                errors.add(FieldError.invalid(path, shown, name + " in body should be less than " + (exclusive ? "" : "or equal to ")
                        + plain(s.getMaximum())));
            }
        }
        if (s.getMinimum() != null) {
            boolean exclusive = Boolean.TRUE.equals(s.getExclusiveMinimum());
            if (exclusive ? d <= s.getMinimum() : d < s.getMinimum()) {
                errors.add(FieldError.invalid(path, shown, name + " in body should be greater than " + (exclusive ? "" : "or equal to ")
                        + plain(s.getMinimum())));
            }
        }
        if (s.getMultipleOf() != null && s.getMultipleOf() > 0) {
            double quotient = d / s.getMultipleOf();
            if (quotient != Math.rint(quotient)) {
                errors.add(FieldError.invalid(path, shown, name + " in body should be a multiple of " + plain(s.getMultipleOf())));
            }
        }
    }

    private static String plain(double d) {
        return isWhole(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static boolean sameJson(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.asDouble() == b.asDouble();
        }
        return a.equals(b);
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }

    // ------------------------------------------------------------------ metadata, embedded resources

    private static void embeddedAndMetadata(JsonNode x, JSONSchemaProps s, String path, boolean resourceRoot, List<FieldError> errors) {
        if (s == null && !resourceRoot) {
            return;
        }
        if (x instanceof ObjectNode object) {
            boolean embedded = s != null && Boolean.TRUE.equals(s.getXKubernetesEmbeddedResource());
            if (resourceRoot) {
                ObjectMetaRules.validate(object.get("metadata"), "metadata", true, errors);
            } else if (embedded) {
                if (!object.has("apiVersion")) {
                    errors.add(FieldError.required(FieldPaths.child(path, "apiVersion"), "must not be empty"));
                }
                if (!object.has("kind")) {
                    errors.add(FieldError.required(FieldPaths.child(path, "kind"), "must not be empty"));
                }
                if (object.has("metadata")) {
                    ObjectMetaRules.validate(object.get("metadata"), FieldPaths.child(path, "metadata"), false, errors);
                }
            }
            object.fields().forEachRemaining(field -> {
                if ((resourceRoot || embedded) && field.getKey().equals("metadata")) {
                    return;
                }
                JSONSchemaProps property = s != null && s.getProperties() != null ? s.getProperties().get(field.getKey()) : null;
                if (property != null) {
                    embeddedAndMetadata(field.getValue(), property, FieldPaths.child(path, field.getKey()), false, errors);
                } else if (additional(s) != null) {
                    embeddedAndMetadata(field.getValue(), additional(s), FieldPaths.key(path, field.getKey()), false, errors);
                }
            });
        } else if (x instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                embeddedAndMetadata(array.get(i), items(s), FieldPaths.index(path, i), false, errors);
            }
        }
    }

    // ------------------------------------------------------------------ list types

    private static void listTypes(JsonNode x, JSONSchemaProps s, String path, List<FieldError> errors) {
        if (s == null || x == null) {
            return;
        }
        if (x instanceof ArrayNode array) {
            String listType = s.getXKubernetesListType();
            if ("set".equals(listType)) {
                Set<JsonNode> seen = new HashSet<>();
                for (int i = 0; i < array.size(); i++) {
                    if (!seen.add(array.get(i))) {
                        errors.add(FieldError.duplicate(FieldPaths.index(path, i), Json.toJava(array.get(i))));
                    }
                }
            } else if ("map".equals(listType) && s.getXKubernetesListMapKeys() != null) {
                Set<Map<String, Object>> seen = new HashSet<>();
                for (int i = 0; i < array.size(); i++) {
                    if (array.get(i).isObject()) {
                        Map<String, Object> keys = mapKeys(array.get(i), s);
                        if (!seen.add(keys)) {
                            errors.add(FieldError.duplicate(FieldPaths.index(path, i), keys));
                        }
                    }
                }
            }
            for (int i = 0; i < array.size(); i++) {
                listTypes(array.get(i), items(s), FieldPaths.index(path, i), errors);
            }
        } else if (x instanceof ObjectNode object) {
            object.fields().forEachRemaining(field -> {
                JSONSchemaProps property = s.getProperties() != null ? s.getProperties().get(field.getKey()) : null;
                if (property != null) {
                    listTypes(field.getValue(), property, FieldPaths.child(path, field.getKey()), errors);
                } else if (additional(s) != null) {
                    listTypes(field.getValue(), additional(s), FieldPaths.key(path, field.getKey()), errors);
                }
            });
        }
    }

    private static Map<String, Object> mapKeys(JsonNode item, JSONSchemaProps s) {
        Map<String, Object> keys = new LinkedHashMap<>();
        for (String key : s.getXKubernetesListMapKeys()) {
            JsonNode value = item.get(key);
            if (value == null) {
                JSONSchemaProps keySchema = propertySchema(items(s), key);
                value = keySchema != null ? keySchema.getDefault() : null;
            }
            keys.put(key, value == null ? null : Json.toJava(value));
        }
        return keys;
    }

    // ------------------------------------------------------------------ CEL

    private void cel(JsonNode x, JsonNode old, JSONSchemaProps s, String path, boolean resourceRoot, List<FieldError> errors) {
        if (s == null || x == null || x.isNull()) {
            return;
        }
        JsonNode oldValue = old == null || old.isNull() || old.isMissingNode() ? null : old;
        List<ValidationRule> rules = list(s.getXKubernetesValidations());
        if (!rules.isEmpty()) {
            Object self = CelRules.value(x, s, resourceRoot);
            Object oldSelf = oldValue == null ? null : CelRules.value(oldValue, s, resourceRoot);
            String type = Boolean.TRUE.equals(s.getXKubernetesIntOrString()) ? "" : s.getType();
            for (ValidationRule rule : rules) {
                evaluate(rule, self, oldSelf, type, path, errors);
            }
        }
        if (x instanceof ObjectNode object) {
            object.fields().forEachRemaining(field -> {
                JsonNode oldChild = oldValue != null && oldValue.isObject() ? oldValue.get(field.getKey()) : null;
                if (resourceRoot && field.getKey().equals("metadata")) {
                    return;
                }
                JSONSchemaProps property = s.getProperties() != null ? s.getProperties().get(field.getKey()) : null;
                if (property != null) {
                    cel(field.getValue(), oldChild, property, FieldPaths.child(path, field.getKey()), false, errors);
                } else if (additional(s) != null) {
                    cel(field.getValue(), oldChild, additional(s), FieldPaths.key(path, field.getKey()), false, errors);
                }
            });
        } else if (x instanceof ArrayNode array) {
            JSONSchemaProps item = items(s);
            boolean correlatable = "map".equals(s.getXKubernetesListType()) && s.getXKubernetesListMapKeys() != null
                    && oldValue != null && oldValue.isArray();
            for (int i = 0; i < array.size(); i++) {
                JsonNode oldItem = null;
                if (correlatable && array.get(i).isObject()) {
                    Map<String, Object> keys = mapKeys(array.get(i), s);
                    for (JsonNode candidate : oldValue) {
                        if (candidate.isObject() && mapKeys(candidate, s).equals(keys)) {
                            oldItem = candidate;
                            break;
                        }
                    }
                }
                cel(array.get(i), oldItem, item, FieldPaths.index(path, i), false, errors);
            }
        }
    }

    private static void evaluate(ValidationRule rule, Object self, Object oldSelf, String type, String path, List<FieldError> errors) {
        if (rule.getRule() == null || rule.getRule().isBlank()) {
            return;
        }
        CelRules.Compiled compiled = CelRules.compile(rule.getRule());
        if (compiled.error() != null) {
            errors.add(FieldError.invalid(path, type, "rule compile error: " + compiled.error()));
            return;
        }
        boolean optionalOldSelf = Boolean.TRUE.equals(rule.getOptionalOldSelf());
        if (compiled.usesOldSelf() && oldSelf == null && !optionalOldSelf) {
            return;
        }
        Object oldArgument = optionalOldSelf ? Optional.ofNullable(oldSelf) : oldSelf;
        Object result;
        try {
            result = CelRules.evaluate(compiled, self, oldArgument);
        } catch (CelEvaluationException e) {
            errors.add(FieldError.invalid(path, type, CelRules.runtimeError(e) + " evaluating rule: " + ruleErrorString(rule)));
            return;
        }
        if (!Boolean.TRUE.equals(result)) {
            String field = path;
            if (rule.getFieldPath() != null && !rule.getFieldPath().isEmpty()) {
                String relative = rule.getFieldPath().startsWith(".") ? rule.getFieldPath().substring(1) : rule.getFieldPath();
                field = FieldPaths.child(path, relative);
            }
            String message = ruleMessageOrDefault(rule);
            if (rule.getMessageExpression() != null && !rule.getMessageExpression().isBlank()) {
                CelRules.Compiled expression = CelRules.compile(rule.getMessageExpression());
                try {
                    if (expression.error() == null && CelRules.evaluate(expression, self, oldArgument) instanceof String s && !s.isBlank()) {
                        message = s;
                    }
                } catch (CelEvaluationException e) {
                    // the API server falls back to the rule's message, as here
                }
            }
            String reason = rule.getReason() == null ? "" : rule.getReason();
            errors.add(switch (reason) {
                case "FieldValueForbidden" -> FieldError.forbidden(field, message);
                case "FieldValueRequired" -> FieldError.required(field, message);
                case "FieldValueDuplicate" -> FieldError.duplicate(field, type);
                default -> FieldError.invalid(field, type, message);
            });
        }
    }

    private static String ruleMessageOrDefault(ValidationRule rule) {
        return rule.getMessage() == null || rule.getMessage().isEmpty()
                ? "failed rule: " + ruleErrorString(rule) : rule.getMessage().trim();
    }

    private static String ruleErrorString(ValidationRule rule) {
        return rule.getMessage() != null && !rule.getMessage().isEmpty() ? rule.getMessage().trim() : rule.getRule().trim();
    }
}
