package pw.fullstack.ephemeral.allocator.allocation;

/**
 * A value read from the store with the version to write against: check-and-set succeeds only if
 * the document is still at {@code version}. Version 0 means the document does not exist yet (a
 * write with cas=0 creates it, and fails if someone else created it first).
 */
public record Versioned<T>(T value, int version) {
}
