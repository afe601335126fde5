package pw.fullstack.ephemeral.contracts.pr;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.regex.Pattern;
import pw.fullstack.ephemeral.contracts.InvalidInputException;

/**
 * A GitHub repository, {@code owner/name}, as GitHub itself allows it: the owner is 1-39 ASCII
 * letters, digits or single inner hyphens; the name is 1-100 of {@code [A-Za-z0-9._-]} and not
 * {@code .} or {@code ..}. Anything else (spaces, quotes, newlines, look-alike unicode letters) is
 * rejected here, so it can never reach a manifest template or a shell.
 *
 * <p>In JSON it is the plain string {@code "owner/name"}.
 */
public record RepositoryRef(String owner, String name) {

    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    public RepositoryRef {
        if (owner == null || !OWNER.matcher(owner).matches()) {
            throw new InvalidInputException("repository owner",
                    InvalidInputException.quote(owner)
                            + " is not a GitHub owner (1-39 ASCII letters, digits or single inner hyphens)");
        }
        if (name == null || !NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new InvalidInputException("repository name",
                    InvalidInputException.quote(name)
                            + " is not a GitHub repository name (1-100 of A-Z a-z 0-9 . _ -, not . or ..)");
        }
    }

    @JsonCreator
    public static RepositoryRef parse(String ownerSlashName) {
        if (ownerSlashName == null) {
            throw new InvalidInputException("repository", "is required, as owner/name");
        }
        int slash = ownerSlashName.indexOf('/');
        if (slash < 0 || slash != ownerSlashName.lastIndexOf('/')) {
            throw new InvalidInputException("repository",
                    InvalidInputException.quote(ownerSlashName) + " is not of the form owner/name");
        }
        return new RepositoryRef(ownerSlashName.substring(0, slash), ownerSlashName.substring(slash + 1));
    }

    /** GitHub compares owners and names case-insensitively; so do we. */
    public boolean sameAs(RepositoryRef other) {
        return other != null
                && owner.equalsIgnoreCase(other.owner)
                && name.equalsIgnoreCase(other.name);
    }

    public String canonical() {
        return (owner + "/" + name).toLowerCase(Locale.ROOT);
    }

    @JsonValue
    @Override
    public String toString() {
        return owner + "/" + name;
    }
}
