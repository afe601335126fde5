package pw.fullstack.ephemeral.testkit.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints values the way the API server's Go code does in error messages: strings with {@code %q},
 * numbers and booleans with {@code %v}, lists and maps with {@code %#v}.
 */
final class GoValues {

    private GoValues() {
    }

    static String format(Object value) {
        if (value instanceof JsonNode node) {
            value = Json.toJava(node);
        }
        if (value == null) {
            return quote("null");
        }
        if (value instanceof String s) {
            return quote(s);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof List<?> list) {
            boolean strings = !list.isEmpty() && list.stream().allMatch(String.class::isInstance);
            return (strings ? "[]string{" : "[]interface {}{")
                    + list.stream().map(GoValues::element).collect(Collectors.joining(", ")) + "}";
        }
        if (value instanceof Map<?, ?> map) {
            return "map[string]interface {}{" + map.entrySet().stream()
                    .map(e -> quote(String.valueOf(e.getKey())) + ":" + element(e.getValue()))
                    .collect(Collectors.joining(", ")) + "}";
        }
        return value.toString();
    }

    private static String element(Object value) {
        return value == null ? "interface {}(nil)" : format(value);
    }

    /** Go's {@code strconv.Quote} for the characters that matter here. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }
}
