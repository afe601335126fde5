package pw.fullstack.ephemeral.testkit.schema;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One field-level validation error, worded like the API server's {@code field.Error}
 * (k8s.io/apimachinery/pkg/util/validation/field/errors.go): {@code <field>: <type>: <value>: <detail>}.
 * The {@link #type() type} is the {@code reason} of a {@code Status} cause.
 *
 * @param badValue the offending value as the API server prints it (a string, number, boolean, list
 *                 or map); ignored for Required, Forbidden and TooLong, which print no value
 */
public record FieldError(Type type, String field, Object badValue, String detail) {

    /** {@code field.ErrorType}: the cause reason and the words the message starts with. */
    public enum Type {
        NOT_FOUND("FieldValueNotFound", "Not found"),
        REQUIRED("FieldValueRequired", "Required value"),
        DUPLICATE("FieldValueDuplicate", "Duplicate value"),
        INVALID("FieldValueInvalid", "Invalid value"),
        NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value"),
        FORBIDDEN("FieldValueForbidden", "Forbidden"),
        TOO_LONG("FieldValueTooLong", "Too long"),
        TOO_MANY("FieldValueTooMany", "Too many"),
        INTERNAL("InternalError", "Internal error"),
        TYPE_INVALID("FieldValueTypeInvalid", "Invalid value");

        private final String reason;
        private final String words;

        Type(String reason, String words) {
            this.reason = reason;
            this.words = words;
        }

        /** The {@code reason} of a {@code details.causes} entry, e.g. {@code FieldValueInvalid}. */
        public String reason() {
            return reason;
        }

        String words() {
            return words;
        }
    }

    public static FieldError invalid(String field, Object value, String detail) {
        return new FieldError(Type.INVALID, field, value, detail);
    }

    public static FieldError typeInvalid(String field, Object value, String detail) {
        return new FieldError(Type.TYPE_INVALID, field, value, detail);
    }

    public static FieldError required(String field, String detail) {
        return new FieldError(Type.REQUIRED, field, null, detail);
    }

    public static FieldError forbidden(String field, String detail) {
        return new FieldError(Type.FORBIDDEN, field, null, detail);
    }

    public static FieldError duplicate(String field, Object value) {
        return new FieldError(Type.DUPLICATE, field, value, "");
    }

    public static FieldError notSupported(String field, Object value, List<String> supported) {
        String detail = supported.isEmpty() ? "" : "supported values: "
                + supported.stream().map(GoValues::quote).collect(Collectors.joining(", "));
        return new FieldError(Type.NOT_SUPPORTED, field, value, detail);
    }

    /** {@code field.TooLongMaxLength}, what CRD validation reports for maxLength. */
    public static FieldError tooLong(String field, Object value, long maxLength) {
        return new FieldError(Type.TOO_LONG, field, value,
                maxLength >= 0 ? "may not be longer than " + maxLength : "value is too long");
    }

    public static FieldError tooMany(String field, long actual, long max) {
        return new FieldError(Type.TOO_MANY, field, actual, max >= 0 ? "must have at most " + max + " items" : "has too many items");
    }

    /** The message without the field, as in a {@code Status} cause. */
    public String errorBody() {
        String body = switch (type) {
            case REQUIRED, FORBIDDEN, TOO_LONG, INTERNAL -> type.words();
            default -> type.words() + ": " + GoValues.format(badValue);
        };
        return detail == null || detail.isEmpty() ? body : body + ": " + detail;
    }

    @Override
    public String toString() {
        return field + ": " + errorBody();
    }
}
