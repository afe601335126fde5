package pw.fullstack.ephemeral.reaper.history;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the reaper remembers of one PR (by cluster name), in Vault at
 * {@code kv/ephemeral-clusters/reaper/prs/<cluster>}: the latest open and the latest close GitHub
 * reported, with the ids of the events that said so. Both only move forward, so a replayed or
 * late-arriving older event changes nothing, in any order.
 *
 * <p>The close is kept here rather than on the Cluster because a PR may close before its cluster
 * exists (closed while queued, or right after allocation); the open is kept so that a reopen stops
 * the grace period at once, before the provisioner has handed the cluster to the new run.
 */
public record PrHistory(String cluster, String pullRequest, Instant openedAt, String openedBy, Instant closedAt,
                        String closedBy, Boolean merged) {

    public static PrHistory none(String cluster) {
        return new PrHistory(cluster, null, null, null, null, null, null);
    }

    /** With a PrOpened of {@code at}; unchanged unless it is later than the latest open known. */
    public PrHistory opened(String pr, Instant at, String eventId) {
        if (openedAt != null && !at.isAfter(openedAt)) {
            return this;
        }
        return new PrHistory(cluster, pr, at, eventId, closedAt, closedBy, merged);
    }

    /** With a PrClosed of {@code at}; unchanged unless it is later than the latest close known. */
    public PrHistory closed(String pr, Instant at, boolean wasMerged, String eventId) {
        if (closedAt != null && !at.isAfter(closedAt)) {
            return this;
        }
        return new PrHistory(cluster, pr, openedAt, openedBy, at, eventId, wasMerged);
    }

    /** Whether the latest word from GitHub is an open: opened after the latest close (or never closed). */
    public boolean openAfterLatestClose() {
        return openedAt != null && (closedAt == null || openedAt.isAfter(closedAt));
    }

    public Map<String, Object> toVault() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("cluster", cluster);
        put(data, "pr", pullRequest);
        put(data, "openedAt", openedAt);
        put(data, "openedBy", openedBy);
        put(data, "closedAt", closedAt);
        put(data, "closedBy", closedBy);
        put(data, "merged", merged);
        return data;
    }

    /** Lenient: a field that does not parse (a hand edit) is as if absent, and the next event rewrites it. */
    public static PrHistory fromVault(String cluster, Map<String, Object> data) {
        if (data == null) {
            return none(cluster);
        }
        Object merged = data.get("merged");
        return new PrHistory(cluster, text(data, "pr"), time(data, "openedAt"), text(data, "openedBy"),
                time(data, "closedAt"), text(data, "closedBy"), merged == null ? null : Boolean.valueOf(merged.toString()));
    }

    private static void put(Map<String, Object> data, String key, Object value) {
        if (value != null) {
            data.put(key, value.toString());
        }
    }

    private static String text(Map<String, Object> data, String key) {
        Object value = data.get(key);
        return value == null || value.toString().isBlank() ? null : value.toString();
    }

    private static Instant time(Map<String, Object> data, String key) {
        String value = text(data, key);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public boolean sameAs(PrHistory other) {
        return other != null && Objects.equals(toVault(), other.toVault());
    }
}
