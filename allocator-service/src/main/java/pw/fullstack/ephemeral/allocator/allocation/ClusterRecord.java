package pw.fullstack.ephemeral.allocator.allocation;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;

/**
 * What the allocator remembers about one cluster name beside the allocation map: the saga run that
 * holds (or held) its block, since when, the PrOpened that asked for it, when the PR was last
 * closed (the tombstone that makes an older PrOpened a replay) and which ClusterDestroyed released
 * the block. The addresses stay after release so a redelivered ClusterDestroyed can emit the same
 * IpReleased again. Every field but the name may be null.
 */
public record ClusterRecord(ClusterName cluster, String pullRequest, String sagaId, String requestId,
                            List<Ipv4Address> addresses, String dnsName, Instant since, Instant openedAt,
                            Instant closedAt, Instant releasedAt, String releasedBy) {

    public ClusterRecord {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }

    public static ClusterRecord none(ClusterName cluster) {
        return new ClusterRecord(cluster, null, null, null, List.of(), null, null, null, null, null, null);
    }

    public boolean released() {
        return releasedAt != null;
    }

    public ClusterRecord allocated(String pr, String saga, String request, List<Ipv4Address> block, String dns,
                                   Instant now, Instant opened) {
        return new ClusterRecord(cluster, pr, saga, request, block, dns, now, opened, closedAt, null, null);
    }

    public ClusterRecord closed(Instant at) {
        return new ClusterRecord(cluster, pullRequest, sagaId, requestId, addresses, dnsName, since, openedAt, at,
                releasedAt, releasedBy);
    }

    public ClusterRecord releasedBy(String eventId, Instant at) {
        return new ClusterRecord(cluster, pullRequest, sagaId, requestId, addresses, dnsName, since, openedAt,
                closedAt, at, eventId);
    }

    public Map<String, Object> toVault() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", cluster.value());
        put(m, "pr", pullRequest);
        put(m, "saga", sagaId);
        put(m, "request", requestId);
        if (!addresses.isEmpty()) {
            m.put("addresses", addresses.stream().map(Ipv4Address::toString).collect(Collectors.joining(",")));
        }
        put(m, "dnsName", dnsName);
        put(m, "since", since);
        put(m, "openedAt", openedAt);
        put(m, "closedAt", closedAt);
        put(m, "releasedAt", releasedAt);
        put(m, "releasedBy", releasedBy);
        return m;
    }

    public static ClusterRecord fromVault(ClusterName cluster, Map<String, Object> m) {
        if (m == null) {
            return none(cluster);
        }
        String addresses = str(m, "addresses");
        List<Ipv4Address> list = addresses == null || addresses.isBlank() ? List.of()
                : Arrays.stream(addresses.split(",")).map(String::trim).map(Ipv4Address::parse).toList();
        return new ClusterRecord(cluster, str(m, "pr"), str(m, "saga"), str(m, "request"), list, str(m, "dnsName"),
                time(m, "since"), time(m, "openedAt"), time(m, "closedAt"), time(m, "releasedAt"),
                str(m, "releasedBy"));
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value.toString());
        }
    }

    private static String str(Map<String, Object> m, String key) {
        Object value = m.get(key);
        return value == null ? null : value.toString();
    }

    private static Instant time(Map<String, Object> m, String key) {
        String value = str(m, key);
        return value == null ? null : Instant.parse(value);
    }
}
