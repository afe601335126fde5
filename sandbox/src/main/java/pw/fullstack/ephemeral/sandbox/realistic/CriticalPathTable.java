package pw.fullstack.ephemeral.sandbox.realistic;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import pw.fullstack.ephemeral.sandbox.realistic.CriticalPath.Hop;
import pw.fullstack.ephemeral.sandbox.realistic.CriticalPath.Step;

/** The timeline of one environment as text: every step, the critical path's marked {@code *}. */
public final class CriticalPathTable {

    private CriticalPathTable() {
    }

    /** The table's lines: time since the first step, the step, what it waited on and how long after, what came just before. */
    public static List<String> lines(Collection<Step> steps, String last) {
        CriticalPath path = CriticalPath.to(last, steps);
        Instant start = path.start();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "    %8s  %-38s %-38s %8s   %s", "at", "step", "waited on (its dependency)", "after",
                "just after (if another step)"));
        for (Hop hop : CriticalPath.timeline(steps)) {
            String previous = hop.previous().filter(p -> !hop.waitedOn().equals(hop.previous()))
                    .map(p -> p + " (" + seconds(hop.afterPrevious()) + ")").orElse("");
            lines.add(String.format(Locale.ROOT, "  %s %8s  %-38s %-38s %8s   %s", path.contains(hop.step()) ? "*" : " ",
                    seconds(Duration.between(start, hop.at())), hop.step(), hop.waitedOn().orElse(""),
                    hop.waitedOn().isPresent() ? "+" + seconds(hop.after()) : "", previous).stripTrailing());
        }
        return lines;
    }

    /** The critical path on one line: each step with the time it added. */
    public static String summary(CriticalPath path) {
        StringBuilder line = new StringBuilder();
        for (Hop hop : path.hops()) {
            if (line.length() > 0) {
                line.append(" -> ");
            }
            line.append(hop.step());
            if (hop.waitedOn().isPresent()) {
                line.append(" (+").append(seconds(hop.after())).append(")");
            }
        }
        return line.toString();
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
