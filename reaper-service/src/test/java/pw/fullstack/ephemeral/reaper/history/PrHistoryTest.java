package pw.fullstack.ephemeral.reaper.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrHistoryTest {

    private static final Instant T1 = Instant.parse("2026-11-28T10:00:00Z");
    private static final Instant T2 = T1.plusSeconds(60);
    private static final Instant T3 = T1.plusSeconds(120);

    @Test
    void closesAndOpensOnlyMoveForwardSoReplaysInAnyOrderChangeNothing() {
        PrHistory inOrder = PrHistory.none("pr-demoapps-1")
                .opened("fullstack-pw/demo-apps#1", T1, "open-1")
                .closed("fullstack-pw/demo-apps#1", T2, false, "close-2")
                .opened("fullstack-pw/demo-apps#1", T3, "open-3");
        PrHistory shuffledWithReplays = PrHistory.none("pr-demoapps-1")
                .opened("fullstack-pw/demo-apps#1", T3, "open-3")
                .closed("fullstack-pw/demo-apps#1", T2, false, "close-2")
                .opened("fullstack-pw/demo-apps#1", T1, "open-1")
                .closed("fullstack-pw/demo-apps#1", T2, false, "close-2");

        assertThat(shuffledWithReplays).isEqualTo(inOrder);
        assertThat(inOrder.openAfterLatestClose()).isTrue();
        assertThat(inOrder.closed("fullstack-pw/demo-apps#1", T3, true, "close-3").openAfterLatestClose())
                .as("an open and a close at the same time: the close ends the run (SagaRun.endedByCloseAt)").isFalse();
    }

    @Test
    void survivesVaultAndReadsHandEditsAsAbsent() {
        PrHistory history = PrHistory.none("pr-demoapps-1").closed("fullstack-pw/demo-apps#1", T2, true, "close-2");

        assertThat(PrHistory.fromVault("pr-demoapps-1", history.toVault())).isEqualTo(history);
        assertThat(PrHistory.fromVault("pr-demoapps-1", Map.of("closedAt", "yesterday", "openedAt", T1.toString())))
                .satisfies(h -> {
                    assertThat(h.closedAt()).isNull();
                    assertThat(h.openedAt()).isEqualTo(T1);
                });
    }
}
