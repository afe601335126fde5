package pw.fullstack.ephemeral.reaper.expiry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one pass over a {@link World}.
 *
 * @param verdicts one per cluster of this system and per allocation without one
 * @param due      what to publish now
 * @param suspects the orphan suspicions to store: the ones that still hold, with their first-seen time
 * @param withheld why no orphan decision could be made in this pass, if so (readiness reports it)
 */
public record Decision(List<Verdict> verdicts, List<Expiry> due, Map<String, Instant> suspects, Optional<String> withheld) {

    public Decision {
        verdicts = List.copyOf(verdicts);
        due = List.copyOf(due);
        suspects = Map.copyOf(suspects);
        Objects.requireNonNull(withheld, "withheld");
    }
}
