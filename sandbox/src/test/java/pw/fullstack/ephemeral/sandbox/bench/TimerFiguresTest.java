package pw.fullstack.ephemeral.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimerFiguresTest {

    private static String histogram(long fast, long slow, long huge, double sum) {
        long total = fast + slow + huge;
        return """
                # TYPE installer_phase_duration_seconds histogram
                installer_phase_duration_seconds_bucket{phase="phase1",le="0.01"} %d
                installer_phase_duration_seconds_bucket{phase="phase1",le="0.1"} %d
                installer_phase_duration_seconds_bucket{phase="phase1",le="1.0"} %d
                installer_phase_duration_seconds_bucket{phase="phase1",le="+Inf"} %d
                installer_phase_duration_seconds_count{phase="phase1"} %d
                installer_phase_duration_seconds_sum{phase="phase1"} %s
                installer_phase_duration_seconds_max{phase="phase1"} 0.9
                jvm_gc_pause_seconds_count{action="end of minor GC"} 40
                """.formatted(fast, fast + slow, total, total, total, sum);
    }

    @Test
    void percentilesComeFromTheWindowsBucketsNotFromWhatWasRecordedBefore() {
        // before the window: 100 slow ones (0.1..1 s); in the window: 90 fast, 10 between 10 and 100 ms
        String before = histogram(0, 0, 100, 50.0);
        String after = histogram(90, 10, 100, 50.0 + 0.9);

        List<TimerFigures> figures = TimerFigures.between(before, after, name -> !name.startsWith("jvm_"));

        assertThat(figures).hasSize(1);
        TimerFigures phase1 = figures.get(0);
        assertThat(phase1.series()).isEqualTo("installer_phase_duration_seconds{phase=\"phase1\"}");
        assertThat(phase1.count()).isEqualTo(100);
        assertThat(phase1.meanMs()).isCloseTo(9.0, within(1e-6));
        assertThat(phase1.p50Ms()).isEqualTo(10.0);
        assertThat(phase1.p95Ms()).isEqualTo(100.0);
        assertThat(phase1.p99Ms()).isEqualTo(100.0);
        assertThat(phase1.maxMs()).isEqualTo(900.0);
        assertThat(phase1.fromBuckets()).isTrue();
    }

    @Test
    void aTimerWithoutBucketsGivesItsPublishedQuantiles() {
        String before = "allocator_allocation_latency_seconds_count 3\nallocator_allocation_latency_seconds_sum 0.3\n";
        String after = """
                allocator_allocation_latency_seconds{quantile="0.5"} 0.012
                allocator_allocation_latency_seconds{quantile="0.99"} 0.040
                allocator_allocation_latency_seconds_count 13
                allocator_allocation_latency_seconds_sum 0.5
                allocator_allocation_latency_seconds_max 0.041
                """;

        TimerFigures latency = TimerFigures.between(before, after, name -> true).get(0);

        assertThat(latency.count()).isEqualTo(10);
        assertThat(latency.meanMs()).isCloseTo(20.0, within(1e-6));
        assertThat(latency.p50Ms()).isCloseTo(12.0, within(1e-6));
        assertThat(latency.p95Ms()).isNaN();
        assertThat(latency.p99Ms()).isCloseTo(40.0, within(1e-6));
        assertThat(latency.fromBuckets()).isFalse();
        assertThat(latency.describe()).contains("p95 ? ms").contains("the timer's own decaying window");
    }

    @Test
    void aTimerThatRecordedNothingInTheWindowIsLeftOut() {
        String page = histogram(5, 0, 0, 0.01);

        assertThat(TimerFigures.between(page, page, name -> true)).isEmpty();
    }

    @Test
    void aTimerWithNeitherBucketsNorQuantilesShowsCountMeanAndMaximumOnly() {
        String after = "reaper_pass_duration_seconds_count 4\nreaper_pass_duration_seconds_sum 0.6\n"
                + "reaper_pass_duration_seconds_max 0.25\n";

        assertThat(TimerFigures.between("", after, name -> true).get(0).describe())
                .isEqualTo("reaper_pass_duration_seconds: 4 in window, mean 150 ms, max (last ~2 min) 250 ms");
    }
}
