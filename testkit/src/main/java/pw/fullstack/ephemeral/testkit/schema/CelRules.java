package pw.fullstack.ephemeral.testkit.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles and evaluates {@code x-kubernetes-validations} rules with cel-java, in an environment
 * close to the API server's for Kubernetes 1.30: standard macros and functions, the strings
 * extension (split, join, lowerAscii, ...), sets, optional types.
 *
 * <p>Differences to the API server, all documented in the README: variables are typed {@code dyn}
 * rather than declared from the schema (a rule with a type error compiles here and fails at run
 * time instead of at CRD creation); the Kubernetes-specific libraries (lists' {@code isSorted},
 * {@code sum}, {@code indexOf}; regex {@code find}; {@code url}; {@code quantity}; {@code ip},
 * {@code cidr}) are not available, so a rule using them does not compile and is reported by
 * {@link #compile(String)}; strings with {@code format: date-time}/{@code duration}/{@code byte} stay
 * strings instead of becoming timestamps, durations and bytes; there is no cost budget.
 */
final class CelRules {

    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setOptions(CelOptions.current().build())
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .addVar("oldSelf", SimpleType.DYN)
            .addCompilerLibraries(CelExtensions.strings(), CelExtensions.sets(CelOptions.current().build()),
                    CelExtensions.optional())
            .addRuntimeLibraries(CelExtensions.strings(), CelExtensions.sets(CelOptions.current().build()),
                    CelExtensions.optional())
            .build();

    private static final Map<String, Compiled> CACHE = new ConcurrentHashMap<>();

    /** k8s.io/apiserver/pkg/cel: identifiers CEL reserves, escaped as {@code __name__}. */
    private static final Set<String> RESERVED = Set.of("true", "false", "null", "in", "as", "break", "const",
            "continue", "else", "for", "function", "if", "import", "let", "loop", "package", "namespace", "return",
            "var", "void", "while");
    private static final Pattern ESCAPED = Pattern.compile("__|[-./]|[^a-zA-Z0-9_]");
    private static final Pattern NO_SUCH_KEY = Pattern.compile("key '([^']*)' is not present in map\\.?");

    private CelRules() {
    }

    /** A compiled rule, or the reason it could not be compiled. */
    record Compiled(String rule, CelRuntime.Program program, boolean usesOldSelf, String error) {
    }

    static Compiled compile(String rule) {
        return CACHE.computeIfAbsent(rule, CelRules::doCompile);
    }

    private static Compiled doCompile(String rule) {
        try {
            CelAbstractSyntaxTree ast = CEL.compile(rule).getAst();
            boolean usesOldSelf = ast.getReferenceMap().values().stream().anyMatch(r -> "oldSelf".equals(r.name()));
            return new Compiled(rule, CEL.createProgram(ast), usesOldSelf, null);
        } catch (CelValidationException | RuntimeException e) {
            return new Compiled(rule, null, false, e.getMessage());
        } catch (CelEvaluationException e) {
            return new Compiled(rule, null, false, e.getMessage());
        }
    }

    /** Evaluates; {@code oldSelf} is {@code null} when absent (or an {@link Optional} for optionalOldSelf rules). */
    static Object evaluate(Compiled compiled, Object self, Object oldSelf) throws CelEvaluationException {
        Map<String, Object> activation = new HashMap<>();
        activation.put("self", self);
        if (oldSelf != null) {
            activation.put("oldSelf", oldSelf);
        }
        return compiled.program().eval(activation);
    }

    /** cel-go's wording for the commonest run-time error, so messages read like the API server's. */
    static String runtimeError(CelEvaluationException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int at = message.indexOf(": ");
        String detail = message.startsWith("evaluation error") && at >= 0 ? message.substring(at + 2) : message;
        Matcher m = NO_SUCH_KEY.matcher(detail);
        return m.find() ? "no such key: " + m.group(1) : detail;
    }

    /** The CEL value of a JSON value, shaped by its schema like the API server's unstructured-to-CEL adapter. */
    static Object value(JsonNode node, JSONSchemaProps schema, boolean resourceRoot) {
        if (node == null || node.isNull()) {
            return NullValue.NULL_VALUE;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            Map<String, JSONSchemaProps> properties = schema == null || schema.getProperties() == null
                    ? Map.of() : schema.getProperties();
            JSONSchemaProps additional = schema != null && schema.getAdditionalProperties() != null
                    ? schema.getAdditionalProperties().getSchema() : null;
            boolean embedded = resourceRoot || (schema != null && Boolean.TRUE.equals(schema.getXKubernetesEmbeddedResource()));
            node.fields().forEachRemaining(e -> {
                String key = e.getKey();
                JSONSchemaProps child = properties.get(key);
                if (embedded && key.equals("metadata")) {
                    Map<String, Object> meta = new LinkedHashMap<>();
                    for (String field : List.of("name", "generateName")) {
                        if (e.getValue().has(field)) {
                            meta.put(field, e.getValue().get(field).asText());
                        }
                    }
                    map.put("metadata", meta);
                } else if (child != null || (additional == null && (embedded && (key.equals("apiVersion") || key.equals("kind"))))) {
                    escape(key).ifPresent(k -> map.put(k, value(e.getValue(), child, false)));
                } else if (additional != null) {
                    map.put(key, value(e.getValue(), additional, false));
                } else {
                    map.put(key, value(e.getValue(), null, false));
                }
            });
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            JSONSchemaProps items = schema != null && schema.getItems() != null ? schema.getItems().getSchema() : null;
            node.forEach(item -> list.add(value(item, items, false)));
            return list;
        }
        if (node.isNumber()) {
            boolean number = schema != null && "number".equals(schema.getType());
            if (node.isIntegralNumber() && !number) {
                return node.asLong();
            }
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.asText();
    }

    /** {@code cel.Escape} of k8s.io/apiserver: how a property name is spelled in a rule, if it can be. */
    static Optional<String> escape(String name) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            return Optional.empty();
        }
        if (RESERVED.contains(name)) {
            return Optional.of("__" + name + "__");
        }
        Matcher m = ESCAPED.matcher(name);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = switch (m.group()) {
                case "__" -> "__underscores__";
                case "." -> "__dot__";
                case "-" -> "__dash__";
                case "/" -> "__slash__";
                default -> null;
            };
            if (replacement == null) {
                return Optional.empty();
            }
            m.appendReplacement(out, replacement);
        }
        m.appendTail(out);
        return Optional.of(out.toString());
    }
}
