package pw.fullstack.ephemeral.notifier.comment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A run id as it may appear in raw parts of the comment (the hidden marker): a correlation id is any
 * string a producer chose, so anything but {@code [A-Za-z0-9._:-]{1,100}} is replaced by a hash of it.
 */
public final class SafeId {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private SafeId() {
    }

    public static String of(String id) {
        if (id != null && SAFE.matcher(id).matches()) {
            return id;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.valueOf(id).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The first characters, for people. */
    public static String shortForm(String id) {
        String safe = of(id);
        return safe.length() > 8 ? safe.substring(0, 8) : safe;
    }
}
