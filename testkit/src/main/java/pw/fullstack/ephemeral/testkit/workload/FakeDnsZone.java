package pw.fullstack.ephemeral.testkit.workload;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The records an external DNS service (Cloudflare, Pi-hole) holds, shared by every simulated workload
 * cluster, as external-dns with the TXT registry sees them: each record has an owner (the
 * {@code txtOwnerId} of the external-dns that created it), and an external-dns instance changes or
 * removes only records it owns. Records outlive the clusters that published them — exactly the
 * leak a cluster deleted before its DNSEndpoint causes.
 */
public final class FakeDnsZone {

    /** One A record set. */
    public record Record(String name, List<String> addresses, String owner, long ttlSeconds) {
    }

    private final Map<String, Record> records = new ConcurrentHashMap<>();

    /**
     * Creates or updates the record, unless another owner holds the name (external-dns skips such
     * endpoints: "owner id does not match").
     *
     * @return whether the zone now holds the record for this owner
     */
    public boolean publish(String name, List<String> addresses, String owner, long ttlSeconds) {
        String key = normalise(name);
        Record result = records.compute(key, (k, existing) -> existing != null && !existing.owner().equals(owner)
                ? existing : new Record(key, List.copyOf(addresses), owner, ttlSeconds));
        return result.owner().equals(owner);
    }

    /** Removes the record if {@code owner} owns it (policy sync); another owner's record stays. */
    public boolean remove(String name, String owner) {
        String key = normalise(name);
        return records.computeIfPresent(key, (k, existing) -> existing.owner().equals(owner) ? null : existing) == null;
    }

    public Optional<Record> lookup(String name) {
        return Optional.ofNullable(records.get(normalise(name)));
    }

    /** Every record, e.g. to check that nothing leaked at the end of a test. */
    public List<Record> records() {
        return List.copyOf(records.values());
    }

    /** Adds a record directly, as a person editing the zone by hand would (owner e.g. {@code manual}). */
    public void seed(String name, List<String> addresses, String owner) {
        records.put(normalise(name), new Record(normalise(name), List.copyOf(addresses), owner, 300));
    }

    static String normalise(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
