package pw.fullstack.ephemeral.testkit.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    private static final String PAGE = """
            # HELP provisioner_events_ignored_total
            # TYPE provisioner_events_ignored_total counter
            provisioner_events_ignored_total{reason="duplicate"} 3.0
            provisioner_events_ignored_total{reason="other-saga"} 2.0
            provisioner_events_ignored_total_created{reason="duplicate"} 1.7E9
            allocator_pool_size 10.0
            """;

    @Test
    void sumsTheSeriesWhoseLabelsMatchAndNothingThatMerelySharesThePrefix() {
        assertThat(PrometheusText.sum(PAGE, "provisioner_events_ignored_total", "reason=\"duplicate\"")).isEqualTo(3.0);
        assertThat(PrometheusText.sum(PAGE, "provisioner_events_ignored_total", "")).isEqualTo(5.0);
        assertThat(PrometheusText.sum(PAGE, "allocator_pool_size", "")).isEqualTo(10.0);
        assertThat(PrometheusText.sum(PAGE, "allocator_queue_length", "")).isZero();
    }
}
