package pw.fullstack.ephemeral.testkit.vault;

/**
 * A KV v2 secrets engine mount of the emulator.
 *
 * @param name        mount path without slashes at either end, e.g. {@code kv}
 * @param casRequired every write to this mount must carry {@code options.cas}, as with Vault's
 *                    {@code cas_required} mount config
 * @param maxVersions versions kept per key; older ones are pruned (Vault's default is 10)
 */
public record KvMount(String name, boolean casRequired, int maxVersions) {

    public static final int VAULT_DEFAULT_MAX_VERSIONS = 10;

    public KvMount {
        name = trimSlashes(name);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a mount needs a name");
        }
        if (maxVersions < 1) {
            throw new IllegalArgumentException("maxVersions must be at least 1, got " + maxVersions);
        }
    }

    public static KvMount named(String name) {
        return new KvMount(name, false, VAULT_DEFAULT_MAX_VERSIONS);
    }

    public static KvMount casRequired(String name) {
        return new KvMount(name, true, VAULT_DEFAULT_MAX_VERSIONS);
    }

    static String trimSlashes(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }
}
