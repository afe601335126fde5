package pw.fullstack.ephemeral.allocator.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.allocator.Fixtures;
import pw.fullstack.ephemeral.contracts.events.PrOpened;

class QueueEntryTest {

    @Test
    void aWaitingPrThatCameThroughTheSeedsDispatchKeepsHavingNoHeadSha() {
        PrOpened withSha = Fixtures.prOpened(7, Fixtures.T0);
        PrOpened fromDispatch = new PrOpened(withSha.pullRequest(), withSha.clusterName(), withSha.branch(), null,
                withSha.options(), withSha.openedAt());
        QueueEntry entry = QueueEntry.of(new AllocationRequest(fromDispatch, "run-1", "run-1"), Instant.parse("2026-11-28T10:00:05Z"));

        QueueEntry readBack = QueueEntry.fromVault(entry.toVault());

        assertThat(entry.toVault()).doesNotContainKey("headSha");
        assertThat(readBack).isEqualTo(entry);
        assertThat(readBack.toRequest().event()).isEqualTo(fromDispatch);
    }
}
