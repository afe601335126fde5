package pw.fullstack.ephemeral.contracts;

/**
 * A value from outside (a webhook payload, an event, a configuration entry) that the saga refuses.
 * The message names the field and says what is wrong with it, without echoing control characters,
 * so it is safe to put in a log line, a dead-letter header or a PR comment.
 */
public class InvalidInputException extends IllegalArgumentException {

    private final String field;

    public InvalidInputException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** Renders an offending value for a message: printable ASCII only, at most 80 characters. */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder shown = new StringBuilder("\"");
        value.codePoints().limit(80).forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7f && cp != '"' && cp != '\\') {
                shown.appendCodePoint(cp);
            } else {
                shown.append(String.format("\\u%04x", cp & 0xffff));
            }
        });
        if (value.codePointCount(0, value.length()) > 80) {
            shown.append("...");
        }
        return shown.append('"').toString();
    }

    static String requirePresent(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException(field, "is required");
        }
        return value;
    }
}
