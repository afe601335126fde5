package pw.fullstack.ephemeral.kv;

/**
 * A document and the KV v2 version it was read at: the {@code cas} of the next write, which succeeds
 * only if the document is still at {@code version}. Version 0 means the document is absent (a write
 * with cas 0 creates it, and fails if someone else created it first).
 *
 * @param value   the document's data, or whatever a service parsed it into; null when absent
 * @param version the version read, 0 when absent
 */
public record Versioned<T>(T value, int version) {
}
