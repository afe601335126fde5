package pw.fullstack.ephemeral.testkit.workload;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The records the external DNS services (Cloudflare, Pi-hole: one set of records per provider name)
 * hold, shared by every simulated workload cluster, as external-dns with the TXT registry sees them:
 * each record has an owner (the {@code txtOwnerId} of the external-dns that created it), and an
 * external-dns instance changes or removes only records it owns. A resolver sees the union (a name
 * is answered from the first provider that has it). Records outlive the clusters that published them
 * — exactly the leak a cluster deleted before its DNSEndpoint causes.
 */
public final class FakeDnsZone {

    /** One A record set. */
    public record Record(String name, List<String> addresses, String owner, long ttlSeconds) {
    }

    private final Map<String, Map<String, Record>> providers = new ConcurrentHashMap<>();
    private final Map<String, Instant> removals = new ConcurrentHashMap<>();
    private final Map<String, Instant> firstPublished = new ConcurrentHashMap<>();

    /** The records of one provider (created on first use). */
    private Map<String, Record> records(String provider) {
        return providers.computeIfAbsent(provider, p -> new ConcurrentHashMap<>());
    }

    /**
     * Creates or updates the record, unless another owner holds the name (external-dns skips such
     * endpoints: "owner id does not match").
     *
     * @return whether the zone now holds the record for this owner
     */
    public boolean publish(String provider, String name, List<String> addresses, String owner, long ttlSeconds) {
        String key = normalise(name);
        Record result = records(provider).compute(key, (k, existing) -> existing != null && !existing.owner().equals(owner)
                ? existing : new Record(key, List.copyOf(addresses), owner, ttlSeconds));
        if (result.owner().equals(owner)) {
            firstPublished.putIfAbsent(key, Instant.now());
        }
        return result.owner().equals(owner);
    }

    /** Removes the record if {@code owner} owns it (policy sync); another owner's record stays. */
    public boolean remove(String provider, String name, String owner) {
        String key = normalise(name);
        boolean[] removed = {false};
        Record left = records(provider).computeIfPresent(key, (k, existing) -> {
            removed[0] = existing.owner().equals(owner);
            return removed[0] ? null : existing;
        });
        if (removed[0]) {
            removals.put(key, Instant.now());
        }
        return left == null;
    }

    /** When a record of this name was last removed from any provider: to check it went before something else happened. */
    public Optional<Instant> lastRemoval(String name) {
        return Optional.ofNullable(removals.get(normalise(name)));
    }

    /** When a record of this name was first published by any provider (a resolver could answer from then on). */
    public Optional<Instant> firstPublished(String name) {
        return Optional.ofNullable(firstPublished.get(normalise(name)));
    }

    /** What a resolver gets for the name: the first provider's record that has it. */
    public Optional<Record> lookup(String name) {
        return providers.values().stream().map(r -> r.get(normalise(name))).filter(java.util.Objects::nonNull).findFirst();
    }

    /**
     * What a resolver gets for the name: its own record, else the wildcard record ({@code *.<ancestor>}) of the
     * nearest ancestor that has one — RFC 4592's wildcard synthesis, without empty non-terminals.
     */
    public Optional<Record> resolve(String name) {
        String n = normalise(name);
        Optional<Record> exact = lookup(n);
        for (int dot = n.indexOf('.'); exact.isEmpty() && dot >= 0; dot = n.indexOf('.', dot + 1)) {
            Optional<Record> wildcard = lookup("*" + n.substring(dot));
            if (wildcard.isPresent()) {
                return wildcard;
            }
        }
        return exact;
    }

    /** The record one provider holds for the name. */
    public Optional<Record> lookup(String provider, String name) {
        return Optional.ofNullable(records(provider).get(normalise(name)));
    }

    /** Every record of every provider, e.g. to check that nothing leaked at the end of a test. */
    public List<Record> records() {
        return providers.values().stream().flatMap(r -> r.values().stream()).toList();
    }

    /** The records of one provider. */
    public List<Record> recordsOf(String provider) {
        return List.copyOf(records(provider).values());
    }

    /** Adds a record directly to a provider, as a person editing it by hand would (owner e.g. {@code manual}). */
    public void seed(String provider, String name, List<String> addresses, String owner) {
        records(provider).put(normalise(name), new Record(normalise(name), List.copyOf(addresses), owner, 300));
    }

    static String normalise(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
