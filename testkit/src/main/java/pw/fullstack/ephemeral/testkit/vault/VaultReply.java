package pw.fullstack.ephemeral.testkit.vault;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A reply in Vault's shape: status and the usual envelope ({@code data} or {@code auth}), or no body. */
record VaultReply(int status, Object body) {

    static final VaultReply NO_CONTENT = new VaultReply(204, null);

    static VaultReply ok(Object data) {
        return new VaultReply(200, envelope(data, null));
    }

    static VaultReply auth(Map<String, Object> auth) {
        return new VaultReply(200, envelope(null, auth));
    }

    static Map<String, Object> envelope(Object data, Object auth) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("request_id", UUID.randomUUID().toString());
        envelope.put("lease_id", "");
        envelope.put("renewable", false);
        envelope.put("lease_duration", 0);
        envelope.put("data", data);
        envelope.put("wrap_info", null);
        envelope.put("warnings", null);
        envelope.put("auth", auth);
        return envelope;
    }
}
