package pw.fullstack.ephemeral.testkit.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The parts of {@code ValidateObjectMeta} (k8s.io/apimachinery/pkg/api/validation) a custom resource
 * can trip: the name (a DNS-1123 subdomain at the root, a path segment in embedded resources), label
 * keys and values, the total size of annotations.
 */
final class ObjectMetaRules {

    private static final String DNS1123_SUBDOMAIN = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    private static final Pattern SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN);
    private static final String QUALIFIED_NAME = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final Pattern NAME_PART = Pattern.compile(QUALIFIED_NAME);
    private static final Pattern LABEL_VALUE = Pattern.compile("(" + QUALIFIED_NAME + ")?");
    private static final long MAX_ANNOTATIONS_BYTES = 256 * 1024;

    private ObjectMetaRules() {
    }

    static void validate(JsonNode meta, String path, boolean resourceRoot, List<FieldError> errors) {
        if (meta == null || meta.isNull()) {
            if (resourceRoot) {
                errors.add(FieldError.required(FieldPaths.child(path, "name"), "name or generateName is required"));
            }
            return;
        }
        if (!meta.isObject()) {
            errors.add(FieldError.invalid(path, Json.toJava(meta), "must be an object"));
            return;
        }
        String name = text(meta.get("name"));
        String generateName = text(meta.get("generateName"));
        if (name.isEmpty() && generateName.isEmpty() && resourceRoot) {
            errors.add(FieldError.required(FieldPaths.child(path, "name"), "name or generateName is required"));
        } else if (!name.isEmpty()) {
            if (resourceRoot) {
                if (name.length() > 253 || !SUBDOMAIN.matcher(name).matches()) {
                    errors.add(FieldError.invalid(FieldPaths.child(path, "name"), name, "a lowercase RFC 1123 subdomain must consist"
                            + " of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric"
                            + " character (e.g. 'example.com', regex used for validation is '" + DNS1123_SUBDOMAIN + "')"));
                }
            } else if (name.equals(".") || name.equals("..") || name.contains("/") || name.contains("%")) {
                errors.add(FieldError.invalid(FieldPaths.child(path, "name"), name, "may not contain '/' or '%' and may not be '.' or '..'"));
            }
        }
        JsonNode labels = meta.get("labels");
        if (labels != null && labels.isObject()) {
            labels.fields().forEachRemaining(label -> {
                String labelsPath = FieldPaths.child(path, "labels");
                qualifiedName(labelsPath, label.getKey(), errors);
                String value = label.getValue().asText();
                if (value.length() > 63) {
                    errors.add(FieldError.invalid(labelsPath, value, "must be no more than 63 characters"));
                }
                if (!LABEL_VALUE.matcher(value).matches()) {
                    errors.add(FieldError.invalid(labelsPath, value, "a valid label must be an empty string or consist of"
                            + " alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
                            + " (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(" + QUALIFIED_NAME + ")?')"));
                }
            });
        }
        JsonNode annotations = meta.get("annotations");
        if (annotations != null && annotations.isObject()) {
            long[] total = {0};
            annotations.fields().forEachRemaining(a -> {
                qualifiedName(FieldPaths.child(path, "annotations"), a.getKey(), errors);
                total[0] += a.getKey().getBytes(StandardCharsets.UTF_8).length + a.getValue().asText().getBytes(StandardCharsets.UTF_8).length;
            });
            if (total[0] > MAX_ANNOTATIONS_BYTES) {
                errors.add(FieldError.tooLong(FieldPaths.child(path, "annotations"), "", MAX_ANNOTATIONS_BYTES));
            }
        }
    }

    /** {@code IsQualifiedName}: an optional DNS subdomain prefix and '/', then a name part of at most 63 characters. */
    private static void qualifiedName(String path, String key, List<FieldError> errors) {
        String[] parts = key.split("/", -1);
        String namePart = parts[parts.length - 1];
        boolean valid = parts.length <= 2 && !namePart.isEmpty() && namePart.length() <= 63 && NAME_PART.matcher(namePart).matches();
        if (parts.length == 2) {
            valid &= !parts[0].isEmpty() && parts[0].length() <= 253 && SUBDOMAIN.matcher(parts[0]).matches();
        }
        if (!valid) {
            errors.add(FieldError.invalid(path, key, "name part must consist of alphanumeric characters, '-', '_' or '.', and must"
                    + " start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for"
                    + " validation is '" + QUALIFIED_NAME + "'), with an optional DNS subdomain prefix and '/'"));
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "" : node.asText();
    }
}
