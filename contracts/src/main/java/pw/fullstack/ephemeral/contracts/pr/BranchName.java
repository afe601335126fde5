package pw.fullstack.ephemeral.contracts.pr;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;
import pw.fullstack.ephemeral.contracts.InvalidInputException;

/**
 * A branch name that is safe to carry into labels, annotations and templates.
 *
 * <p>Git accepts far more than this (quotes, {@code $}, {@code ;}, unicode): we deliberately accept
 * only {@code [A-Za-z0-9._/-]}, at most 255 characters, under git's own structural rules (no
 * {@code ..}, no {@code //}, no leading {@code -} or {@code /}, no trailing {@code /}, {@code .} or
 * {@code .lock}). A PR from a branch outside that set is refused with a message saying so, rather
 * than risking YAML or shell injection further down.
 */
public record BranchName(String value) {

    public static final int MAX_LENGTH = 255;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._/-]+");

    public BranchName {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException("branch", "is required");
        }
        String problem = problemWith(value);
        if (problem != null) {
            throw new InvalidInputException("branch", InvalidInputException.quote(value) + " " + problem);
        }
    }

    private static String problemWith(String value) {
        if (value.length() > MAX_LENGTH) {
            return "is longer than " + MAX_LENGTH + " characters";
        }
        if (!ALLOWED.matcher(value).matches()) {
            return "may contain only ASCII letters, digits, '.', '_', '/' and '-'";
        }
        if (value.startsWith("-") || value.startsWith("/") || value.startsWith(".")) {
            return "must not start with '-', '/' or '.'";
        }
        if (value.endsWith("/") || value.endsWith(".") || value.endsWith(".lock")) {
            return "must not end with '/', '.' or '.lock'";
        }
        if (value.contains("..") || value.contains("//") || value.contains("/.")) {
            return "must not contain '..', '//' or a component starting with '.'";
        }
        return null;
    }

    @JsonCreator
    public static BranchName of(String value) {
        return new BranchName(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
