package pw.fullstack.ephemeral.testkit.vault;

import java.util.List;
import java.util.function.Supplier;

/**
 * How Vault's API treats a named object at a path (an ACL policy, a token role, an auth method's role): GET reads
 * it, POST/PUT writes it (the {@code create} capability while it does not exist, {@code update} once it does),
 * DELETE removes it; each checked against the caller's policies on that path first.
 */
final class NamedObjectRoutes {

    private NamedObjectRoutes() {
    }

    /** @param read the object's wire data; throws {@link VaultRequestRejected#notFound()} when absent */
    static VaultReply route(Acl acl, String method, String path, boolean exists, Supplier<Object> read, Runnable write,
            Runnable delete) {
        switch (method) {
            case "GET" -> {
                authorize(acl, path, Capability.READ);
                return VaultReply.ok(read.get());
            }
            case "POST", "PUT" -> {
                authorize(acl, path, exists ? Capability.UPDATE : Capability.CREATE);
                write.run();
                return VaultReply.NO_CONTENT;
            }
            case "DELETE" -> {
                authorize(acl, path, Capability.DELETE);
                delete.run();
                return VaultReply.NO_CONTENT;
            }
            default -> throw new VaultRequestRejected(405, List.of("unsupported operation"));
        }
    }

    static void authorize(Acl acl, String path, Capability capability) {
        if (!acl.allows(path, capability)) {
            throw new VaultRequestRejected(403, List.of(VaultRequestRejected.PERMISSION_DENIED));
        }
    }
}
