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
                ticks("allocator", 1100, "installer", 2300, "launcher", 5600), "launcher", 100, 10);

        assertThat(cpu.millisByName()).containsExactly(Map.entry("allocator", 1000L), Map.entry("installer", 3000L),
                Map.entry("launcher", 6000L));
        assertThat(cpu.servicesMillis()).isEqualTo(4000);
        assertThat(cpu.perEnvironment(cpu.servicesMillis())).isEqualTo(400.0);
        assertThat(cpu.launcherShare()).isCloseTo(0.6, within(1e-9));
    }

    @Test
    void aProcessRestartedInTheWindowCountsFromZero() {
        CpuUse cpu = CpuUse.between(ticks("reaper", 900), ticks("reaper", 40), "launcher", 100, 1);

        assertThat(cpu.millisByName()).containsEntry("reaper", 400L);
    }

    @Test
    void noEnvironmentsNoCpuNoDivisionByZero() {
        CpuUse cpu = CpuUse.between(Map.of(), Map.of(), "launcher", 100, 0);

        assertThat(cpu.perEnvironment(100)).isZero();
        assertThat(cpu.launcherShare()).isZero();
    }
}
