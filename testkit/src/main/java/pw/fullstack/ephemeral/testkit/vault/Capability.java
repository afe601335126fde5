package pw.fullstack.ephemeral.testkit.vault;

import java.util.Locale;

/** A capability in a Vault ACL policy's {@code path} stanza, as Vault spells them. */
enum Capability {
    CREATE, READ, UPDATE, PATCH, DELETE, LIST, SUDO, DENY, SUBSCRIBE, RECOVER;

    static Capability parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw VaultRequestRejected.badRequest("failed to parse policy: invalid capability \"" + text + "\"");
        }
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
