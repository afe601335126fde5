package pw.fullstack.ephemeral.contracts.events;

import java.util.regex.Pattern;
import pw.fullstack.ephemeral.contracts.InvalidInputException;

/**
 * Where a secret lives in Vault KV v2: mount, path and field, e.g. {@code kv},
 * {@code ephemeral-clusters/pr-cksbackend-42/kubeconfig}, {@code value}. Events carry this
 * reference, never the secret.
 */
public record VaultSecretRef(String mount, String path, String field) {

    private static final Pattern SEGMENTS = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    public VaultSecretRef {
        for (var part : new String[][] {{"mount", mount}, {"path", path}, {"field", field}}) {
            if (part[1] == null || !SEGMENTS.matcher(part[1]).matches() || part[1].contains("..")) {
                throw new InvalidInputException("vault " + part[0],
                        InvalidInputException.quote(part[1]) + " is not a Vault path segment");
            }
        }
    }

    @Override
    public String toString() {
        return mount + "/" + path + "#" + field;
    }
}
