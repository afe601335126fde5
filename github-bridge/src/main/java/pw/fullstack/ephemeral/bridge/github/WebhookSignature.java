package pw.fullstack.ephemeral.bridge.github;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's {@code X-Hub-Signature-256}: {@code sha256=} followed by the hex HMAC-SHA256 of the raw
 * request body, keyed with the webhook secret. A delivery is genuine when the header matches the
 * HMAC under any configured secret, so a secret can be rotated without a window of failed
 * deliveries (configure old and new, switch GitHub over, drop the old one). Compared in constant
 * time; the body is never parsed before this check.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Hub-Signature-256";
    private static final String ALGORITHM = "HmacSHA256";
    private static final String PREFIX = "sha256=";
    private static final Pattern HEX_DIGEST = Pattern.compile("[0-9a-fA-F]{64}");

    private final List<SecretKeySpec> keys;

    private WebhookSignature(List<SecretKeySpec> keys) {
        this.keys = keys;
    }

    /** Refuses an empty list or a blank secret: an endpoint that accepts anything must not start. */
    public static WebhookSignature withSecrets(List<String> secrets) {
        if (secrets == null || secrets.isEmpty()) {
            throw new IllegalArgumentException("bridge.webhook.secrets: at least one webhook secret is required");
        }
        List<SecretKeySpec> keys = secrets.stream().map(secret -> {
            if (secret == null || secret.isBlank()) {
                throw new IllegalArgumentException("bridge.webhook.secrets: a secret is blank");
            }
            return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        }).toList();
        return new WebhookSignature(keys);
    }

    /** Whether {@code header} is a valid signature of {@code body} under one of the secrets. */
    public boolean isValid(byte[] body, String header) {
        if (header == null || !header.startsWith(PREFIX) || !HEX_DIGEST.matcher(header.substring(PREFIX.length())).matches()) {
            return false;
        }
        byte[] claimed = HexFormat.of().parseHex(header.substring(PREFIX.length()).toLowerCase(Locale.ROOT));
        boolean valid = false;
        for (SecretKeySpec key : keys) {
            // Every key is tried, so the time taken does not tell which one matched.
            valid |= MessageDigest.isEqual(hmac(key, body), claimed);
        }
        return valid;
    }

    /** The header value GitHub would send for {@code body} signed with {@code secret}. */
    public static String sign(String secret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM), body));
    }

    private static byte[] hmac(SecretKeySpec key, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSignature[" + keys.size() + " secret(s)]";
    }
}
