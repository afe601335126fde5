package pw.fullstack.ephemeral.notifier.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import pw.fullstack.ephemeral.notifier.NotifierConfig;

/**
 * The permissions an installation token is narrowed to: what the enabled features call, no more.
 * GitHub refuses a token that asks for a permission the installation lacks (422), so nothing is asked
 * for a feature that is switched off.
 */
final class TokenPermissions {

    private TokenPermissions() {
    }

    static Map<String, String> used(NotifierConfig config) {
        Map<String, String> permissions = new LinkedHashMap<>();
        permissions.put("metadata", "read");
        permissions.put("pull_requests", "write"); // the PR's comment (an issue comment on the PR)
        if (config.deployment().enabled()) {
            permissions.put("deployments", "write");
        }
        if (config.dispatch().enabled()) {
            permissions.put("contents", "write"); // repository_dispatch
        }
        return permissions;
    }
}
