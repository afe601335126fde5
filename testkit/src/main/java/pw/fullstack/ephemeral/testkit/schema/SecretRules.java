package pw.fullstack.ephemeral.testkit.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Status;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the API server checks on a Secret (k8s.io/kubernetes pkg/apis/core/validation {@code ValidateSecret},
 * {@code ValidateSecretUpdate}): keys of {@code data}/{@code stringData} are config keys, a
 * {@code kubernetes.io/tls} Secret has {@code tls.crt} and {@code tls.key}, a
 * {@code kubernetes.io/dockerconfigjson} one {@code .dockerconfigjson}, the type (default {@code Opaque}) never
 * changes, and an {@code immutable} Secret's data neither. Refusals are 422 {@code Invalid}, worded as the API
 * server words them.
 */
public final class SecretRules {

    private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

    private SecretRules() {
    }

    /** @param old the stored Secret on update, else null */
    public static Optional<Status> refusal(JsonNode secret, JsonNode old) {
        List<FieldError> errors = new ArrayList<>();
        String type = type(secret);
        List<String> keys = new ArrayList<>();
        for (String map : List.of("data", "stringData")) {
            Iterator<String> names = secret.path(map).fieldNames();
            while (names.hasNext()) {
                String key = names.next();
                keys.add(key);
                if (!CONFIG_KEY.matcher(key).matches() || key.equals(".") || key.equals("..") || key.startsWith("..")) {
                    errors.add(FieldError.invalid(map + "[" + key + "]", key,
                            "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',"
                                    + "  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"));
                }
            }
        }
        List<String> required = switch (type) {
            case "kubernetes.io/tls" -> List.of("tls.crt", "tls.key");
            case "kubernetes.io/dockerconfigjson" -> List.of(".dockerconfigjson");
            default -> List.of();
        };
        required.stream().filter(k -> !keys.contains(k)).forEach(k -> errors.add(FieldError.required("data[" + k + "]", "")));
        if (old != null) {
            if (!type(old).equals(type)) {
                errors.add(FieldError.invalid("type", type, "field is immutable"));
            }
            if (old.path("immutable").asBoolean(false) && !old.path("data").equals(secret.path("data"))) {
                errors.add(FieldError.forbidden("data", "field is immutable when `immutable` is set"));
            }
        }
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ApiServerAdmission.invalid("", "Secret", secret.path("metadata").path("name").asText(""), errors));
    }

    private static String type(JsonNode secret) {
        String type = secret.path("type").asText("");
        return type.isEmpty() ? "Opaque" : type;
    }
}
