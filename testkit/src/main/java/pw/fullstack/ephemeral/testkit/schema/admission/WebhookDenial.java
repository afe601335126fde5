package pw.fullstack.ephemeral.testkit.schema.admission;

import java.util.List;
import java.util.stream.Collectors;
import pw.fullstack.ephemeral.testkit.schema.FieldError;

/**
 * A webhook's refusal as controller-runtime reports it: an {@code apierrors.NewInvalid} (422,
 * {@code Invalid}, one cause per field error) or a plain error ({@code admission.Denied}: 403,
 * {@code Forbidden}). The API server prefixes the message with
 * {@code admission webhook "<name>" denied the request: }.
 */
public record WebhookDenial(int code, String reason, String message, String group, String kind, String name,
                            List<FieldError> causes) {

    /** {@code apierrors.NewInvalid(groupKind, name, errs)}. */
    public static WebhookDenial invalid(String group, String kind, String name, List<FieldError> errors) {
        return new WebhookDenial(422, "Invalid", invalidMessage(group, kind, name, errors), group, kind, name, List.copyOf(errors));
    }

    /** A webhook that returned a plain Go error. */
    public static WebhookDenial denied(String message) {
        return new WebhookDenial(403, "Forbidden", message, null, null, null, List.of());
    }

    /** {@code Kind.group "name" is invalid: err} or {@code ...: [err1, err2]}, as {@code apierrors.NewInvalid} words it. */
    public static String invalidMessage(String group, String kind, String name, List<FieldError> errors) {
        String qualified = group == null || group.isEmpty() ? kind : kind + "." + group;
        List<String> distinct = errors.stream().map(FieldError::toString).distinct().toList();
        String aggregate = distinct.size() == 1 ? distinct.get(0) : "[" + distinct.stream().collect(Collectors.joining(", ")) + "]";
        return qualified + " \"" + name + "\" is invalid" + (distinct.isEmpty() ? "" : ": " + aggregate);
    }
}
