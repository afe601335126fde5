package pw.fullstack.ephemeral.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void p99OfAHundredSamplesIsTheNinetyNinthSmallestNotTheMaximum() {
        List<Long> samples = new ArrayList<>(LongStream.rangeClosed(1, 100).boxed().toList());
        Collections.shuffle(samples);

        Percentiles figures = Percentiles.of(samples);

        assertThat(figures).isEqualTo(new Percentiles(100, 50, 95, 99, 100));
    }

    @Test
    void aSingleSampleIsEveryPercentile() {
        assertThat(Percentiles.of(List.of(612L))).isEqualTo(new Percentiles(1, 612, 612, 612, 612));
    }

    @Test
    void nearestRankRoundsUpWithFewSamples() {
        // 3 samples: p50 is the 2nd (ceil 1.5), p95 and p99 the 3rd
        assertThat(Percentiles.of(List.of(30L, 10L, 20L))).isEqualTo(new Percentiles(3, 20, 30, 30, 30));
    }

    @Test
    void noSamplesSayNoSamples() {
        assertThat(Percentiles.of(List.of()).describe()).isEqualTo("no samples");
        assertThat(Percentiles.of(List.of(5L)).describe()).isEqualTo("p50 5 ms, p95 5 ms, p99 5 ms, max 5 ms");
    }
}
