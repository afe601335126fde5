package pw.fullstack.ephemeral.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LauncherThreadsTest {

    @Test
    void threadsAreSplitByNameAndWhatEndedThreadsUsedIsTheRestOfTheProcessTotal() {
        Map<Long, ProcStat> before = Map.of(1L, new ProcStat("data-plane-kafk", 100), 2L, new ProcStat("vert.x-eventloo", 50),
                3L, new ProcStat("C2 CompilerThre", 10));
        Map<Long, ProcStat> after = Map.of(1L, new ProcStat("data-plane-kafk", 300), 2L, new ProcStat("vert.x-eventloo", 450),
                3L, new ProcStat("C2 CompilerThre", 60), 4L, new ProcStat("kafka-producer-", 20));

        Map<String, Long> split = LauncherThreads.split(before, after, 1000, 100);

        assertThat(split).containsExactly(Map.entry(LauncherThreads.BROKER, 2000L), Map.entry(LauncherThreads.STAND_INS, 4200L),
                Map.entry(LauncherThreads.JVM, 500L), Map.entry(LauncherThreads.ENDED, 3300L));
    }

    @Test
    void theLaunchersOwnKafkaClientsAreNotTheBroker() {
        assertThat(LauncherThreads.partOf("kafka-producer-")).isEqualTo(LauncherThreads.STAND_INS);
        assertThat(LauncherThreads.partOf("lifecycle-watch")).isEqualTo(LauncherThreads.STAND_INS);
        assertThat(LauncherThreads.partOf("GC Thread#1")).isEqualTo(LauncherThreads.JVM);
    }
}
