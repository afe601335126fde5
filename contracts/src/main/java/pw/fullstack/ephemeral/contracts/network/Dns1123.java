package pw.fullstack.ephemeral.contracts.network;

import java.util.regex.Pattern;
import pw.fullstack.ephemeral.contracts.InvalidInputException;

/**
 * Kubernetes' DNS-1123 rules: a label is 1-63 of {@code [a-z0-9-]}, starting and ending
 * alphanumeric; a subdomain is dot-separated labels, at most 253 characters.
 */
public final class Dns1123 {

    public static final int MAX_LABEL = 63;
    public static final int MAX_SUBDOMAIN = 253;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[-a-z0-9]*[a-z0-9])?");

    private Dns1123() {
    }

    public static boolean isLabel(String value) {
        return value != null && value.length() <= MAX_LABEL && LABEL.matcher(value).matches();
    }

    public static boolean isSubdomain(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_SUBDOMAIN) {
            return false;
        }
        for (String label : value.split("\\.", -1)) {
            if (!isLabel(label)) {
                return false;
            }
        }
        return true;
    }

    public static String requireLabel(String field, String value) {
        if (!isLabel(value)) {
            throw new InvalidInputException(field, InvalidInputException.quote(value)
                    + " is not a DNS-1123 label (1-63 of a-z 0-9 -, starting and ending alphanumeric)");
        }
        return value;
    }

    public static String requireSubdomain(String field, String value) {
        if (!isSubdomain(value)) {
            throw new InvalidInputException(field, InvalidInputException.quote(value)
                    + " is not a DNS-1123 subdomain (dot-separated labels, at most 253 characters)");
        }
        return value;
    }
}
