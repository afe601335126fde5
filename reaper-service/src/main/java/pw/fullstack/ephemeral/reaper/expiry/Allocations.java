package pw.fullstack.ephemeral.reaper.expiry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;

/**
 * The allocation map ({@code {"<ip>": "<cluster>", ...}}, the seed's format) grouped by cluster
 * name. Keys that are not IPv4 addresses (the seed's {@code _empty} marker) are not allocations.
 * Cluster names are kept exactly as written and compared whole: {@code pr-x-1} is not
 * {@code pr-x-10}.
 *
 * @param present false when the map could not be found at all (never written, deleted, destroyed, a
 *                wrong path): then nobody knows who holds what, which is no evidence that nobody holds
 *                anything — the reaper decides no orphan on it (fail closed)
 */
public record Allocations(Map<String, List<String>> byCluster, boolean present) {

    public Allocations {
        Map<String, List<String>> copy = new TreeMap<>();
        byCluster.forEach((name, addresses) -> copy.put(name, List.copyOf(addresses)));
        byCluster = Collections.unmodifiableMap(copy);
    }

    public Allocations(Map<String, List<String>> byCluster) {
        this(byCluster, true);
    }

    public static Allocations none() {
        return new Allocations(Map.of());
    }

    /** The map is not there: see {@link #present()}. */
    public static Allocations absent() {
        return new Allocations(Map.of(), false);
    }

    /** @param data the document's data, null when Vault has no readable latest version */
    public static Allocations fromVault(Map<String, Object> data) {
        if (data == null) {
            return absent();
        }
        Map<String, List<Ipv4Address>> grouped = new TreeMap<>();
        {
            data.forEach((key, value) -> {
                Ipv4Address address = address(key);
                if (address != null && value != null && !value.toString().isBlank()) {
                    grouped.computeIfAbsent(value.toString().trim(), k -> new ArrayList<>()).add(address);
                }
            });
        }
        Map<String, List<String>> result = new TreeMap<>();
        grouped.forEach((name, addresses) -> result.put(name, addresses.stream().sorted().map(Ipv4Address::toString).toList()));
        return new Allocations(result);
    }

    public boolean holds(String cluster) {
        return byCluster.containsKey(cluster);
    }

    public List<String> addressesOf(String cluster) {
        return byCluster.getOrDefault(cluster, List.of());
    }

    private static Ipv4Address address(String key) {
        try {
            return Ipv4Address.parse(key);
        } catch (InvalidInputException e) {
            return null;
        }
    }
}
