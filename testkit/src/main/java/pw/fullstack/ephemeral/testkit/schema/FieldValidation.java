package pw.fullstack.ephemeral.testkit.schema;

import java.util.Locale;

/**
 * The {@code fieldValidation} query parameter: what happens to fields the schema does not know.
 * The API server's default when a client sends none is {@code Warn} (prune and warn); this stand-in
 * defaults to {@link #STRICT}, because a field that production would silently drop is a bug a test
 * should see. {@code kubectl apply} sends Strict; fabric8 sends nothing unless asked.
 */
public enum FieldValidation {
    STRICT, WARN, IGNORE;

    /** The mode for a request's parameter value; null or unrecognised means {@link #STRICT}. */
    public static FieldValidation of(String parameter) {
        if (parameter == null) {
            return STRICT;
        }
        return switch (parameter.toLowerCase(Locale.ROOT)) {
            case "ignore" -> IGNORE;
            case "warn" -> WARN;
            default -> STRICT;
        };
    }
}
