package pw.fullstack.ephemeral.console.readmodel;

import java.time.Instant;
import java.util.List;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/** A PR's whole story: every run, newest first, each with its events in the order the topic holds them. */
public record Timeline(PullRequestRef pullRequest, String cluster, List<Run> runs, List<DeadLetter> deadLetters) {

    public Timeline {
        runs = List.copyOf(runs);
        deadLetters = List.copyOf(deadLetters);
    }

    /**
     * One saga run.
     *
     * @param openedAt GitHub's time of the open that started it; null when its PrOpened is not on the topic
     * @param latest   the run the PR's environment follows
     */
    public record Run(String id, Instant openedAt, boolean latest, List<TimelineEntry> entries) {

        public Run {
            entries = List.copyOf(entries);
        }
    }
}
