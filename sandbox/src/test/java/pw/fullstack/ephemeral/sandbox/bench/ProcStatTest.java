package pw.fullstack.ephemeral.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProcStatTest {

    @Test
    void cpuIsUserPlusSystemTicksCountedFromTheLastParenthesisSoANameWithSpacesDoesNotShiftThem() {
        String line = "4242 (C2 CompilerThre) S 1 4242 4242 0 -1 4194368 1500 0 0 0 731 112 0 0 20 0 1 0 123456 "
                + "1000000 2000 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

        assertThat(ProcStat.parse(line)).isEqualTo(new ProcStat("C2 CompilerThre", 843));
    }

    @Test
    void aNameWithAParenthesisIsKeptWhole() {
        String line = "7 (a) b) R 1 7 7 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0 1 1 1 1";

        assertThat(ProcStat.parse(line)).isEqualTo(new ProcStat("a) b", 11));
    }

    @Test
    void somethingElseIsRefused() {
        assertThatThrownBy(() -> ProcStat.parse("no stat here")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thisJvmHasCpuTimeAndResidentMemory() {
        long pid = ProcessHandle.current().pid();

        assertThat(ProcStat.ofProcess(pid)).hasValueSatisfying(stat -> assertThat(stat.cpuTicks()).isPositive());
        assertThat(MemoryStatus.rssKibOf(pid).orElse(0)).isPositive();
    }

    @Test
    void residentMemoryIsVmRssInKib() {
        assertThat(MemoryStatus.rssKib("Name:\tjava\nVmPeak:\t 9000 kB\nVmRSS:\t  183424 kB\nThreads:\t40\n"))
                .isEqualTo(OptionalLong.of(183424));
        assertThat(MemoryStatus.rssKib("Name:\tkthreadd\n")).isEmpty();
    }
}
