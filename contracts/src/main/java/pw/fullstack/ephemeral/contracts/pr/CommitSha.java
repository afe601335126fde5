package pw.fullstack.ephemeral.contracts.pr;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.regex.Pattern;
import pw.fullstack.ephemeral.contracts.InvalidInputException;

/** A full commit id: 40 hex digits (SHA-1) or 64 (SHA-256 repositories), kept lower-case. */
public record CommitSha(String value) {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    public CommitSha {
        if (value == null || !HEX.matcher(value.toLowerCase(Locale.ROOT)).matches()) {
            throw new InvalidInputException("head sha",
                    InvalidInputException.quote(value) + " is not a full commit id (40 or 64 hex digits)");
        }
        value = value.toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static CommitSha of(String value) {
        return new CommitSha(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
