package pw.fullstack.ephemeral.templates;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;
import pw.fullstack.ephemeral.contracts.InvalidInputException;

/**
 * One line of an OpenSSH {@code authorized_keys} file, as the node's SSH server will read it: a key type, the
 * key in base64, an optional comment. Nothing else is accepted — no options such as {@code command=} or
 * {@code from=}, no second line, no control character — because the line is written onto every node and
 * decides who logs in there. The key itself is parsed (BouncyCastle's OpenSSH reader): it must decode, name
 * the same type inside as on the line, and have no trailing bytes.
 *
 * @param type    one of {@link #TYPES}
 * @param body    the key blob in base64, as given
 * @param comment free text after the key, possibly empty; printable, no line breaks
 */
public record SshAuthorizedKey(String type, String body, String comment) {

    /**
     * The key types OpenSSH accepts by default and BouncyCastle can parse. Not {@code ssh-dss} (disabled since
     * OpenSSH 7.0, removed in 10.0); not the FIDO {@code sk-} types (the parser cannot check them).
     */
    public static final List<String> TYPES = List.of("ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp521", "ssh-rsa");

    /** OpenSSH's own minimum for new RSA keys; OpenSSH 9.1 refuses anything under 1024. */
    public static final int MIN_RSA_BITS = 2048;

    private static final int MAX_LINE = 16_384;
    private static final Pattern LINE = Pattern.compile("(\\S+)[ \\t]+(\\S+)(?:[ \\t]+(.*))?");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");

    /** Reads one line (leading and trailing blanks ignored). */
    public static SshAuthorizedKey parse(String line) {
        if (line == null || line.isBlank()) {
            throw new TemplateException("an SSH authorized key is empty");
        }
        if (line.length() > MAX_LINE) {
            throw new TemplateException("an SSH authorized key is longer than " + MAX_LINE + " characters");
        }
        if (line.chars().anyMatch(c -> c != '\t' && Character.isISOControl(c))) {
            throw new TemplateException("SSH authorized key " + InvalidInputException.quote(line)
                    + " contains a line break or another control character: one key per entry");
        }
        Matcher parts = LINE.matcher(line.strip());
        if (!parts.matches()) {
            throw new TemplateException("SSH authorized key " + InvalidInputException.quote(line)
                    + " is not an OpenSSH public key line: expected '<type> <base64 key> [comment]'");
        }
        String type = parts.group(1);
        String body = parts.group(2);
        String comment = parts.group(3) == null ? "" : parts.group(3).strip();
        if (!TYPES.contains(type)) {
            throw new TemplateException("SSH authorized key " + InvalidInputException.quote(line) + ": key type "
                    + InvalidInputException.quote(type) + " is not one of " + String.join(", ", TYPES)
                    + " (options such as command= or from= are not accepted either)");
        }
        byte[] blob = decode(line, body);
        String embedded = embeddedType(line, blob);
        if (!embedded.equals(type)) {
            throw new TemplateException("SSH authorized key " + InvalidInputException.quote(line) + ": the line says "
                    + type + " but the key inside is " + InvalidInputException.quote(embedded));
        }
        checkKey(line, type, blob);
        return new SshAuthorizedKey(type, body, comment);
    }

    /** The line as the node's {@code authorized_keys} gets it. */
    public String line() {
        return comment.isEmpty() ? type + " " + body : type + " " + body + " " + comment;
    }

    private static byte[] decode(String line, String body) {
        if (!BASE64.matcher(body).matches() || body.length() % 4 != 0) {
            throw new TemplateException("SSH authorized key " + InvalidInputException.quote(line)
                    + ": the key is not base64");
        }
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new TemplateException("SSH authorized key " + InvalidInputException.quote(line)
                    + ": the key is not base64");
        }
    }

    /** The first field of the blob: a 32-bit big-endian length and the type's name. */
    private static String embeddedType(String line, byte[] blob) {
        ByteBuffer buffer = ByteBuffer.wrap(blob);
        if (buffer.remaining() < 4) {
            throw new TemplateException("SSH authorized key " + InvalidInputException.quote(line) + ": the key is truncated");
        }
        int length = buffer.getInt();
        if (length < 1 || length > 64 || length > buffer.remaining()) {
            throw new TemplateException("SSH authorized key " + InvalidInputException.quote(line)
                    + ": the key does not start with its type");
        }
        byte[] name = new byte[length];
        buffer.get(name);
        return new String(name, StandardCharsets.US_ASCII);
    }

    private static void checkKey(String line, String type, byte[] blob) {
        AsymmetricKeyParameter key;
        try {
            key = OpenSSHPublicKeyUtil.parsePublicKey(blob);
        } catch (RuntimeException e) {
            throw new TemplateException("SSH authorized key " + InvalidInputException.quote(line) + ": not a valid "
                    + type + " key (" + e.getMessage() + ")");
        }
        if (type.startsWith("ecdsa-sha2-") && !curveOf(blob).equals(type.substring("ecdsa-sha2-".length()))) {
            throw new TemplateException("SSH authorized key " + InvalidInputException.quote(line)
                    + ": the curve inside is not the one the type names");
        }
        if (key instanceof RSAKeyParameters rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new TemplateException("SSH authorized key " + InvalidInputException.quote(line) + ": an RSA key of "
                    + rsa.getModulus().bitLength() + " bits; at least " + MIN_RSA_BITS + " are needed");
        }
    }

    /** The second field of an ECDSA blob, the curve's name ({@code nistp256}); the parser only checks that it knows it. */
    private static String curveOf(byte[] blob) {
        ByteBuffer buffer = ByteBuffer.wrap(blob);
        buffer.position(4 + buffer.getInt());
        byte[] curve = new byte[buffer.getInt()];
        buffer.get(curve);
        return new String(curve, StandardCharsets.US_ASCII);
    }
}
