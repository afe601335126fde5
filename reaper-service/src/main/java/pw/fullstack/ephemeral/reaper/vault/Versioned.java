package pw.fullstack.ephemeral.reaper.vault;

/** A document and the KV v2 version it was read at (0 = absent): the {@code cas} of the next write. */
public record Versioned<T>(T value, int version) {
}
