package pw.fullstack.ephemeral.notifier.comment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import pw.fullstack.ephemeral.contracts.json.EventJson;

/**
 * The {@link StoredState} line of the notifier's comment, sealed with an HMAC-SHA256 under a key
 * only the notifier holds. Anyone with write access to the repository can edit the comment; what
 * they write there must not decide the link, the kubeconfig path of the next dispatch or which
 * deployments get statuses. A state whose seal does not verify (edited, pasted from another
 * comment of another key, or the old unsealed form) reads as none, and the PR is rebuilt from the
 * events. The state names its cluster, repository and PR, which the reader checks, so a sealed line
 * copied into another PR's comment is refused too.
 */
public final class StateSeal {

    /** Shorter keys make the seal guessable; 32 bytes is HMAC-SHA256's own block of strength. */
    public static final int MIN_KEY_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";
    private static final Pattern STATE = Pattern.compile("<!-- ephemeral-clusters:state v2 ([A-Za-z0-9+/=]+) ([A-Za-z0-9_-]+) -->");
    private static final ObjectMapper JSON = EventJson.mapper();

    private final SecretKeySpec key;

    private StateSeal(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /** @param key the secret as configured (text); at least {@value #MIN_KEY_BYTES} bytes of it. */
    public static StateSeal withKey(String key) {
        byte[] bytes = key == null ? new byte[0] : key.strip().getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_KEY_BYTES) {
            throw new IllegalStateException("notifier.comment.state-key must be at least " + MIN_KEY_BYTES
                    + " bytes (e.g. `openssl rand -base64 48`); it is " + bytes.length);
        }
        return new StateSeal(bytes);
    }

    public String line(StoredState state) {
        try {
            String payload = Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(state));
            return "<!-- ephemeral-clusters:state v2 " + payload + " " + mac(payload) + " -->";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored state is always serialisable", e);
        }
    }

    /** The stored state; empty when absent, unsealed, tampered with or unreadable. */
    public Optional<StoredState> open(String body) {
        if (body == null) {
            return Optional.empty();
        }
        Matcher m = STATE.matcher(body);
        if (!m.find()) {
            return Optional.empty();
        }
        String payload = m.group(1);
        byte[] expected = mac(payload).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, m.group(2).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(JSON.readValue(Base64.getDecoder().decode(payload), StoredState.class));
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    private String mac(String payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] tag = mac.doFinal(("ephemeral-clusters:state v2\n" + payload).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JVM has " + ALGORITHM, e);
        }
    }
}
