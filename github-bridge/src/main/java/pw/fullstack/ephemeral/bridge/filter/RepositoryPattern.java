package pw.fullstack.ephemeral.bridge.filter;

import java.util.Locale;
import java.util.regex.Pattern;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.pr.RepositoryRef;

/**
 * One entry of the repository allow-list: {@code owner/name}, where {@code *} stands for any run of
 * characters inside its part: {@code fullstack-pw/*} (an owner's repositories),
 * {@code fullstack-pw/cks-*}, or {@code *} as the owner (any owner's repository of that name).
 * Matched case-insensitively, as GitHub compares owners and names.
 */
public record RepositoryPattern(String text, Pattern owner, Pattern name) {

    private static final Pattern PART = Pattern.compile("[A-Za-z0-9._*-]{1,100}");

    public static RepositoryPattern parse(String text) {
        return parse(text, "bridge.filters.repositories");
    }

    /** As {@link #parse(String)}, for a list given by {@code setting}, which a refusal names. */
    public static RepositoryPattern parse(String text, String setting) {
        String trimmed = text == null ? "" : text.trim();
        int slash = trimmed.indexOf('/');
        if (slash < 0 || slash != trimmed.lastIndexOf('/')
                || !PART.matcher(trimmed.substring(0, slash)).matches()
                || !PART.matcher(trimmed.substring(slash + 1)).matches()) {
            throw new InvalidInputException(setting, InvalidInputException.quote(text)
                    + " is not an owner/name pattern (letters, digits, '.', '_', '-' and '*' on each side of one '/')");
        }
        return new RepositoryPattern(trimmed, glob(trimmed.substring(0, slash)), glob(trimmed.substring(slash + 1)));
    }

    public boolean matches(RepositoryRef repository) {
        return owner.matcher(repository.owner().toLowerCase(Locale.ROOT)).matches()
                && name.matcher(repository.name().toLowerCase(Locale.ROOT)).matches();
    }

    private static Pattern glob(String part) {
        StringBuilder regex = new StringBuilder();
        for (String literal : part.toLowerCase(Locale.ROOT).split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(literal));
        }
        return Pattern.compile(regex.toString());
    }

    @Override
    public String toString() {
        return text;
    }
}
