package pw.fullstack.ephemeral.allocator.allocation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import pw.fullstack.ephemeral.allocator.pool.Block;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;

/**
 * The allocation map, in the seed's format: {@code {"<ip>": "<cluster-name>", ...}}. The source of
 * truth for which address belongs to whom.
 *
 * <p>Seed compatibility: the seed's shell tooling wrote {@code {"_empty": "true"}} for an empty map
 * (a {@code vault kv put} needs one key) and then counted that key as a used address. Here any key
 * that is not an IPv4 address is not an allocation: it is carried over unchanged on write, except
 * {@value #EMPTY_MARKER}, which is dropped as soon as the map holds an address and written back
 * when the map becomes empty, so the old tooling keeps reading what it expects.
 *
 * <p>An address key whose value is not a plain cluster name (a number, an object: written by hand)
 * is kept as it is and counts as taken, so it is never handed out; {@link #unreadableAddresses()}
 * lists such keys for readiness.
 */
public record AllocationMap(Map<Ipv4Address, String> allocations, Map<String, Object> otherKeys) {

    public static final String EMPTY_MARKER = "_empty";

    public AllocationMap {
        allocations = Collections.unmodifiableMap(new TreeMap<>(allocations));
        otherKeys = Collections.unmodifiableMap(new LinkedHashMap<>(otherKeys));
    }

    public static AllocationMap empty() {
        return new AllocationMap(Map.of(), Map.of());
    }

    /** Reads the Vault secret's data; absent secret = null or empty map. */
    public static AllocationMap fromVault(Map<String, Object> data) {
        Map<Ipv4Address, String> allocations = new TreeMap<>();
        Map<String, Object> other = new LinkedHashMap<>();
        if (data != null) {
            data.forEach((key, value) -> {
                Ipv4Address address = tryParse(key);
                if (address == null || !(value instanceof String text) || text.isBlank()) {
                    other.put(key, value);
                } else {
                    allocations.put(address, value.toString());
                }
            });
        }
        return new AllocationMap(allocations, other);
    }

    public Map<String, Object> toVault() {
        Map<String, Object> data = new LinkedHashMap<>();
        otherKeys.forEach((k, v) -> {
            if (!EMPTY_MARKER.equals(k)) {
                data.put(k, v);
            }
        });
        allocations.forEach((ip, cluster) -> data.put(ip.toString(), cluster));
        if (data.isEmpty()) {
            data.put(EMPTY_MARKER, "true");
        }
        return data;
    }

    /** The addresses the cluster holds, in address order; empty if none. */
    public List<Ipv4Address> addressesOf(ClusterName cluster) {
        List<Ipv4Address> held = new ArrayList<>();
        allocations.forEach((ip, owner) -> {
            if (owner.equals(cluster.value())) {
                held.add(ip);
            }
        });
        return held;
    }

    public boolean holds(ClusterName cluster) {
        return allocations.containsValue(cluster.value());
    }

    public boolean isTaken(Ipv4Address address) {
        return allocations.containsKey(address) || otherKeys.containsKey(address.toString());
    }

    /** Address keys whose value could not be read as a cluster name: taken, by nobody we know. */
    public List<String> unreadableAddresses() {
        return otherKeys.keySet().stream().filter(key -> tryParse(key) != null).sorted().toList();
    }

    public AllocationMap with(ClusterName cluster, Block block) {
        Map<Ipv4Address, String> next = new TreeMap<>(allocations);
        for (Ipv4Address address : block.addresses()) {
            String owner = next.putIfAbsent(address, cluster.value());
            if (owner != null && !owner.equals(cluster.value())) {
                throw new IllegalStateException(address + " already belongs to " + owner);
            }
        }
        return new AllocationMap(next, otherKeys);
    }

    public AllocationMap without(ClusterName cluster) {
        Map<Ipv4Address, String> next = new TreeMap<>(allocations);
        next.values().removeIf(owner -> owner.equals(cluster.value()));
        return new AllocationMap(next, otherKeys);
    }

    /** Cluster name to its addresses, in address order of each cluster's first address. */
    public Map<String, List<Ipv4Address>> byCluster() {
        Map<String, List<Ipv4Address>> result = new LinkedHashMap<>();
        allocations.forEach((ip, owner) -> result.computeIfAbsent(owner, k -> new ArrayList<>()).add(ip));
        return result;
    }

    private static Ipv4Address tryParse(String key) {
        try {
            return Ipv4Address.parse(key);
        } catch (InvalidInputException e) {
            return null;
        }
    }
}
