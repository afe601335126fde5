package pw.fullstack.ephemeral.reaper.expiry;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * What the reaper reads of the allocator's per-cluster record
 * ({@code kv/ephemeral-clusters/allocator/clusters/<cluster>}); the reaper never writes it. Times
 * that do not parse are null, so a hand-edited record makes the reaper cautious, not stuck.
 *
 * @param saga     the run holding (or last holding) the block; null for entries without run metadata
 * @param pr       {@code owner/name#number}, if known
 * @param since    when the block was allocated
 * @param openedAt the holding run's PrOpened openedAt
 * @param closedAt the latest PrClosed closedAt the allocator saw
 */
public record AllocatorRecord(String saga, String pr, Instant since, Instant openedAt, Instant closedAt,
                              Instant releasedAt, String addresses) {

    public static AllocatorRecord fromVault(Map<String, Object> data) {
        if (data == null) {
            return null;
        }
        return new AllocatorRecord(text(data, "saga"), text(data, "pr"), time(data, "since"), time(data, "openedAt"),
                time(data, "closedAt"), time(data, "releasedAt"), text(data, "addresses"));
    }

    public boolean hasRun() {
        return saga != null;
    }

    static String text(Map<String, Object> data, String key) {
        Object value = data.get(key);
        return value == null || value.toString().isBlank() ? null : value.toString().trim();
    }

    static Instant time(Map<String, Object> data, String key) {
        String value = text(data, key);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
