package pw.fullstack.ephemeral.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuUseTest {

    private static Map<String, Long> ticks(Object... nameAndTicks) {
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < nameAndTicks.length; i += 2) {
            map.put((String) nameAndTicks[i], ((Number) nameAndTicks[i + 1]).longValue());
        }
        return map;
    }

    @Test
    void eachProcessUsedTheDifferenceOfItsTicksPerEnvironmentAndTheLauncherShareIsOfTheTotal() {
        CpuUse cpu = CpuUse.between(ticks("allocator", 1000, "installer", 2000, "launcher", 5000),
                ticks("allocator", 1100, "installer", 2300, "launcher", 5600), Map.of(), 30_000, "launcher", 100, 10);

        assertThat(cpu.millisByName()).containsExactly(Map.entry("allocator", 1000L), Map.entry("installer", 3000L),
                Map.entry("launcher", 6000L));
        assertThat(cpu.servicesMillis()).isEqualTo(4000);
        assertThat(cpu.perEnvironment(cpu.servicesMillis())).isEqualTo(400.0);
        assertThat(cpu.launcherShare()).isCloseTo(0.6, within(1e-9));
    }

    @Test
    void aProcessRestartedInTheWindowCountsFromZero() {
        CpuUse cpu = CpuUse.between(ticks("reaper", 900), ticks("reaper", 40), Map.of(), 1000, "launcher", 100, 1);

        assertThat(cpu.millisByName()).containsEntry("reaper", 400L);
    }

    @Test
    void noEnvironmentsNoCpuNoDivisionByZero() {
        CpuUse cpu = CpuUse.between(Map.of(), Map.of(), Map.of(), 0, "launcher", 100, 0);

        assertThat(cpu.perEnvironment(100)).isZero();
        assertThat(cpu.launcherShare()).isZero();
    }

    @Test
    void whatAProcessUsesAtRestOverTheWindowIsTakenOffSoALongerWindowDoesNotInflateTheFigure() {
        // at rest: the reaper 2 ticks/s (its passes), the allocator nothing
        Map<String, Double> idle = CpuUse.ticksPerSecond(ticks("reaper", 100, "allocator", 50), ticks("reaper", 120, "allocator", 50),
                10_000);
        assertThat(idle).containsEntry("reaper", 2.0).containsEntry("allocator", 0.0);

        // a 20 s window: the reaper used 60 ticks, 40 of them what it uses at rest anyway
        CpuUse cpu = CpuUse.between(ticks("reaper", 500, "allocator", 50, "launcher", 0),
                ticks("reaper", 560, "allocator", 80, "launcher", 100), idle, 20_000, "launcher", 100, 2);

        assertThat(cpu.processes()).extracting(CpuUse.Process::aboveIdleMillis).containsExactly(200L, 300L, 1000L);
        assertThat(cpu.perEnvironment(cpu.servicesAboveIdleMillis())).isEqualTo(250.0);
        assertThat(cpu.launcherShareAboveIdle()).isCloseTo(1000.0 / 1500, within(1e-9));
    }
}
