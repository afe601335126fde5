package pw.fullstack.ephemeral.sandbox.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When one saga run passed each {@link Milestone}. The first time a milestone is seen counts: a
 * redelivered event does not move it.
 */
public record RunTimeline(String correlationId, String clusterName, Map<Milestone, Instant> at) {

    public RunTimeline {
        at = Map.copyOf(at);
    }

    public static RunTimeline of(String correlationId, String clusterName) {
        return new RunTimeline(correlationId, clusterName, Map.of());
    }

    /** This timeline with {@code milestone} at {@code time}, unless it was already reached. */
    public RunTimeline reached(Milestone milestone, Instant time) {
        if (at.containsKey(milestone)) {
            return this;
        }
        Map<Milestone, Instant> next = new EnumMap<>(Milestone.class);
        next.putAll(at);
        next.put(milestone, time);
        return new RunTimeline(correlationId, clusterName, next);
    }

    /** The hop's duration, when both ends were reached (a negative one, from clocks of different JVMs, counts as zero). */
    public Optional<Duration> took(Hop hop) {
        Instant from = at.get(hop.from());
        Instant to = at.get(hop.to());
        if (from == null || to == null) {
            return Optional.empty();
        }
        Duration took = Duration.between(from, to);
        return Optional.of(took.isNegative() ? Duration.ZERO : took);
    }

    public Optional<Duration> between(Milestone from, Milestone to) {
        Instant start = at.get(from);
        Instant end = at.get(to);
        return start == null || end == null ? Optional.empty() : Optional.of(Duration.between(start, end));
    }

    /** Per hop, the distribution over these runs of what it took (runs that did not reach both ends are left out). */
    public static Map<Hop, Percentiles> hops(Collection<RunTimeline> runs) {
        Map<Hop, Percentiles> hops = new LinkedHashMap<>();
        for (Hop hop : Hop.values()) {
            List<Long> millis = runs.stream().flatMap(run -> run.took(hop).stream()).map(Duration::toMillis).toList();
            hops.put(hop, Percentiles.of(millis));
        }
        return hops;
    }
}
