package pw.fullstack.ephemeral.allocator.allocation;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;
import pw.fullstack.ephemeral.contracts.saga.SagaRun;

/**
 * What the allocator remembers about one cluster name beside the allocation map.
 *
 * <ul>
 *   <li>the latest saga run it accepted for the cluster ({@code sagaId}, {@code requestId} = its
 *       PrOpened's id, {@code openedAt} = GitHub's time): only a run that supersedes it
 *       ({@link SagaRun#supersedes}) may take its place;</li>
 *   <li>the block given to that run ({@code addresses}, {@code since}; empty while it waits) and the
 *       ClusterDestroyed that released it ({@code releasedBy}, {@code releasedAt}); the addresses stay
 *       after the release so a redelivered ClusterDestroyed can emit the same IpReleased again;</li>
 *   <li>{@code closedAt}: the PR's latest close, the tombstone that ends every run opened before it;</li>
 *   <li>{@code endedRuns}: run id → when it ended (released, superseded): a replay of any of their
 *       events does nothing. Kept for the tombstone retention, then pruned on the next write.</li>
 * </ul>
 */
public record ClusterRecord(ClusterName cluster, String pullRequest, String sagaId, String requestId,
                            Instant openedAt, List<Ipv4Address> addresses, String dnsName, Instant since,
                            Instant closedAt, Instant releasedAt, String releasedBy, Map<String, Instant> endedRuns) {

    public ClusterRecord {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        endedRuns = Collections.unmodifiableMap(new TreeMap<>(endedRuns == null ? Map.of() : endedRuns));
    }

    public static ClusterRecord none(ClusterName cluster) {
        return new ClusterRecord(cluster, null, null, null, null, List.of(), null, null, null, null, null, Map.of());
    }

    /** The latest run accepted for this cluster, if any. */
    public Optional<SagaRun> run() {
        return sagaId == null ? Optional.empty()
                : Optional.of(new SagaRun(sagaId, openedAt == null ? Instant.EPOCH : openedAt));
    }

    public boolean isRun(String runId) {
        return runId != null && runId.equals(sagaId);
    }

    public boolean released() {
        return releasedAt != null;
    }

    public boolean hasEnded(String runId) {
        return endedRuns.containsKey(runId);
    }

    /** The latest run holds a block that was not released: {@code held} is what the map says it holds. */
    public boolean holdsExactly(List<Ipv4Address> held) {
        return sagaId != null && !addresses.isEmpty() && !released() && addresses.equals(held);
    }

    /** A new latest run; the one it replaces is ended now (it was superseded). */
    public ClusterRecord startedBy(AllocationRequest request, String dns, Instant now) {
        Map<String, Instant> ended = new TreeMap<>(endedRuns);
        if (sagaId != null) {
            ended.putIfAbsent(sagaId, now);
        }
        return new ClusterRecord(cluster, request.event().pullRequest().toString(), request.sagaId(),
                request.requestId(), request.event().openedAt(), List.of(), dns, null, closedAt, null, null, ended);
    }

    /** The latest run got (or took over) this block. */
    public ClusterRecord allocated(List<Ipv4Address> block, Instant now) {
        return new ClusterRecord(cluster, pullRequest, sagaId, requestId, openedAt, block, dnsName, now, closedAt,
                null, null, endedRuns);
    }

    public ClusterRecord closed(Instant at) {
        return new ClusterRecord(cluster, pullRequest, sagaId, requestId, openedAt, addresses, dnsName, since, at,
                releasedAt, releasedBy, endedRuns);
    }

    /** The latest run's block was released by {@code eventId}; the run has ended. */
    public ClusterRecord releasedBy(String eventId, Instant now) {
        Map<String, Instant> ended = new TreeMap<>(endedRuns);
        ended.putIfAbsent(sagaId, now);
        return new ClusterRecord(cluster, pullRequest, sagaId, requestId, openedAt, addresses, dnsName, since, closedAt,
                now, eventId, ended);
    }

    /** A run ended without a block to release (its cluster was destroyed before it got one). */
    public ClusterRecord ended(String runId, Instant now) {
        Map<String, Instant> ended = new TreeMap<>(endedRuns);
        ended.putIfAbsent(runId, now);
        return new ClusterRecord(cluster, pullRequest, sagaId, requestId, openedAt, addresses, dnsName, since, closedAt,
                releasedAt, releasedBy, ended);
    }

    /**
     * Addresses that the seed's tooling allocated (no run of ours) are claimed by {@code runId} so
     * that they can be released through the normal path, with an IpReleased.
     */
    public ClusterRecord claimedBy(String runId, List<Ipv4Address> held, Instant now) {
        return new ClusterRecord(cluster, pullRequest, runId, null, null, held, dnsName, now, closedAt, null, null,
                endedRuns);
    }

    /** Tombstones older than the retention are forgotten on the next write. */
    public ClusterRecord withoutTombstonesEndedBefore(Instant cutoff) {
        Map<String, Instant> kept = new TreeMap<>(endedRuns);
        kept.values().removeIf(endedAt -> endedAt.isBefore(cutoff));
        return kept.size() == endedRuns.size() ? this
                : new ClusterRecord(cluster, pullRequest, sagaId, requestId, openedAt, addresses, dnsName, since,
                        closedAt, releasedAt, releasedBy, kept);
    }

    public Map<String, Object> toVault() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", cluster.value());
        put(m, "pr", pullRequest);
        put(m, "saga", sagaId);
        put(m, "request", requestId);
        put(m, "openedAt", openedAt);
        if (!addresses.isEmpty()) {
            m.put("addresses", addresses.stream().map(Ipv4Address::toString).collect(Collectors.joining(",")));
        }
        put(m, "dnsName", dnsName);
        put(m, "since", since);
        put(m, "closedAt", closedAt);
        put(m, "releasedAt", releasedAt);
        put(m, "releasedBy", releasedBy);
        if (!endedRuns.isEmpty()) {
            Map<String, String> ended = new LinkedHashMap<>();
            endedRuns.forEach((run, at) -> ended.put(run, at.toString()));
            m.put("endedRuns", ended);
        }
        return m;
    }

    /** @throws MalformedStateException naming {@code document} and the field that is wrong */
    public static ClusterRecord fromVault(ClusterName cluster, String document, Map<String, Object> m) {
        if (m == null) {
            return none(cluster);
        }
        try {
            VaultFields f = new VaultFields(m);
            String addresses = f.text("addresses");
            List<Ipv4Address> list = addresses == null || addresses.isBlank() ? List.of()
                    : VaultFields.parse("addresses", () -> Arrays.stream(addresses.split(","))
                            .map(String::trim).map(Ipv4Address::parse).toList());
            Map<String, Instant> ended = new TreeMap<>();
            VaultFields endedRuns = new VaultFields(f.object("endedRuns"));
            for (Object run : f.object("endedRuns").keySet()) {
                ended.put(String.valueOf(run), endedRuns.instant(String.valueOf(run)));
            }
            ended.values().removeIf(java.util.Objects::isNull);
            return new ClusterRecord(cluster, f.text("pr"), f.text("saga"), f.text("request"), f.instant("openedAt"),
                    list, f.text("dnsName"), f.instant("since"), f.instant("closedAt"), f.instant("releasedAt"),
                    f.text("releasedBy"), ended);
        } catch (IllegalArgumentException e) {
            throw new MalformedStateException(document, e.getMessage());
        }
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value.toString());
        }
    }
}
