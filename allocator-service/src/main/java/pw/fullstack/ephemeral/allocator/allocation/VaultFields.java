package pw.fullstack.ephemeral.allocator.allocation;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import pw.fullstack.ephemeral.contracts.InvalidInputException;

/**
 * Reads typed fields out of a Vault KV document's data, refusing values of the wrong type with a
 * message naming the field (raised as a {@link MalformedStateException} by the caller, who knows the
 * document's path).
 */
final class VaultFields {

    private final Map<?, ?> data;

    VaultFields(Map<?, ?> data) {
        this.data = data;
    }

    /** A field that must be absent or a string. */
    String text(String key) {
        Object value = data.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException("field " + key + " is a " + value.getClass().getSimpleName()
                    + ", not a string");
        }
        return text;
    }

    String requiredText(String key) {
        String value = text(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("field " + key + " is missing");
        }
        return value;
    }

    Instant instant(String key) {
        String value = text(key);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field " + key + " is not an ISO-8601 instant");
        }
    }

    /** A field that must be absent or an object of string values. */
    Map<?, ?> object(String key) {
        Object value = data.get(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("field " + key + " is a " + value.getClass().getSimpleName()
                    + ", not an object");
        }
        return map;
    }

    /** Runs a parse step, turning the contracts' validation errors into "field X ..." messages. */
    static <T> T parse(String key, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (InvalidInputException e) {
            throw new IllegalArgumentException("field " + key + ": " + e.getMessage());
        }
    }
}
