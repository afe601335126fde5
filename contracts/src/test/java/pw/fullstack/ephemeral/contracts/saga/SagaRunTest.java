package pw.fullstack.ephemeral.contracts.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SagaRunTest {

    private static final Instant OPENED = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void aRunOpenedLaterSupersedesAnEarlierOne() {
        SagaRun first = new SagaRun("run-b", OPENED);
        SagaRun reopened = new SagaRun("run-a", OPENED.plusSeconds(1));

        assertThat(reopened.supersedes(first)).isTrue();
        assertThat(first.supersedes(reopened)).isFalse();
    }

    @Test
    void runsOpenedAtTheSameTimeAreOrderedByIdSoEveryServiceAgrees() {
        SagaRun a = new SagaRun("0a", OPENED);
        SagaRun b = new SagaRun("0b", OPENED);

        assertThat(b.supersedes(a)).isTrue();
        assertThat(a.supersedes(b)).isFalse();
        assertThat(a.supersedes(a)).as("a run does not supersede itself").isFalse();
    }

    @Test
    void aCloseEndsTheRunsOpenedAtOrBeforeIt() {
        SagaRun run = new SagaRun("run", OPENED);

        assertThat(run.endedByCloseAt(OPENED)).isTrue();
        assertThat(run.endedByCloseAt(OPENED.plusSeconds(5))).isTrue();
        assertThat(run.endedByCloseAt(OPENED.minusSeconds(5))).as("a reopen after the close").isFalse();
        assertThat(run.endedByCloseAt(null)).isFalse();
    }
}
