package pw.fullstack.ephemeral.testkit.vault;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A live token as a test may inspect it (never its secret id). {@code expireTime} is {@code null}
 * for a token without TTL (the root token).
 */
public record IssuedToken(String accessor, List<String> policies, Map<String, String> meta, Instant expireTime,
        String role, boolean orphan, String parentAccessor) {

    public IssuedToken {
        policies = List.copyOf(policies);
        meta = Map.copyOf(meta);
    }
}
