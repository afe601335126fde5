package pw.fullstack.ephemeral.sandbox.realistic;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a user waited for: from the last step back to the first, each step's latest-finishing dependency — the one it
 * waited on. Pure: computed from recorded step times and the dependencies between steps ({@link Step#after()}), nothing
 * else.
 *
 * @param hops the steps on the path, first to last
 */
public record CriticalPath(List<Hop> hops) {

    /** One thing that happened, when, and what it cannot happen before (names of other steps). */
    public record Step(String name, Instant at, List<String> after) {

        public Step {
            after = List.copyOf(after);
        }
    }

    /**
     * A step with the dependency it waited on (the latest of its recorded dependencies) and how long after that one it
     * happened: the time this hop adds. {@code previous} is the step recorded just before it, whatever it is: when
     * that is not the dependency and the hop is long, the step waited on something that is no dependency (an order
     * imposed by whoever acts, a poll).
     */
    public record Hop(String step, Instant at, Optional<String> waitedOn, Duration after, Optional<String> previous,
                      Duration afterPrevious) {
    }

    public CriticalPath {
        hops = List.copyOf(hops);
    }

    /** The critical path ending at the step named {@code last}; dependencies that were not recorded are left out. */
    public static CriticalPath to(String last, Collection<Step> steps) {
        Map<String, Step> byName = byName(steps);
        Step current = byName.get(last);
        if (current == null) {
            throw new IllegalArgumentException("no step " + last + " among " + byName.keySet());
        }
        Deque<Hop> hops = new ArrayDeque<>();
        Set<String> visited = new HashSet<>();
        while (current != null && visited.add(current.name())) {
            Hop hop = hop(current, byName);
            hops.addFirst(hop);
            current = hop.waitedOn().map(byName::get).orElse(null);
        }
        return new CriticalPath(List.copyOf(hops));
    }

    /** Every step in time order, each with what it waited on: the whole picture, the critical path being a part of it. */
    public static List<Hop> timeline(Collection<Step> steps) {
        Map<String, Step> byName = byName(steps);
        return byName.values().stream().sorted(Comparator.comparing(Step::at)).map(step -> hop(step, byName)).toList();
    }

    public Instant start() {
        return hops.get(0).at();
    }

    public Instant end() {
        return hops.get(hops.size() - 1).at();
    }

    public Duration total() {
        return Duration.between(start(), end());
    }

    public boolean contains(String step) {
        return hops.stream().anyMatch(h -> h.step().equals(step));
    }

    private static Hop hop(Step step, Map<String, Step> byName) {
        Optional<Step> waited = step.after().stream().map(byName::get).filter(java.util.Objects::nonNull)
                .max(Comparator.comparing(Step::at));
        Optional<Step> previous = byName.values().stream().filter(other -> !other.name().equals(step.name()))
                .filter(other -> !other.at().isAfter(step.at())).max(Comparator.comparing(Step::at));
        return new Hop(step.name(), step.at(), waited.map(Step::name),
                waited.map(w -> Duration.between(w.at(), step.at())).orElse(Duration.ZERO), previous.map(Step::name),
                previous.map(p -> Duration.between(p.at(), step.at())).orElse(Duration.ZERO));
    }

    private static Map<String, Step> byName(Collection<Step> steps) {
        Map<String, Step> byName = new LinkedHashMap<>();
        for (Step step : steps) {
            if (byName.put(step.name(), step) != null) {
                throw new IllegalArgumentException("two steps named " + step.name());
            }
        }
        return byName;
    }
}
