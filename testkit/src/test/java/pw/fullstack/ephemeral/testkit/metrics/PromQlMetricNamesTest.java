package pw.fullstack.ephemeral.testkit.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which names in a PromQL expression are metrics: what an alert or a panel needs some service to export. */
class PromQlMetricNamesTest {

    @Test
    void findsTheSelectorsAndNotTheFunctionsAggregationsOrKeywords() {
        assertThat(PromQlMetricNames.of("max(allocator_pool_free) == 0 and max(allocator_pool_size) > 0"))
                .containsExactly("allocator_pool_free", "allocator_pool_size");
        assertThat(PromQlMetricNames.of("time() - max (reaper_last_successful_pass) > 600")).containsExactly("reaper_last_successful_pass");
    }

    @Test
    void leavesOutLabelNamesAndValuesOfMatchersAndGroupingClauses() {
        assertThat(PromQlMetricNames.of("histogram_quantile(0.9, sum by (le, outcome) "
                + "(rate(provisioner_provisioning_duration_seconds_bucket{outcome=\"ready\", job=~\"prov.*\"}[5m])))"))
                .containsExactly("provisioner_provisioning_duration_seconds_bucket");
        assertThat(PromQlMetricNames.of("sum(rate(a_total[5m])) without (instance, pod) / on (job) group_left (team) b_info"))
                .containsExactly("a_total", "b_info");
        assertThat(PromQlMetricNames.of("x_total unless ignoring(reason) y_total{reason='a b {c}'}")).containsExactly("x_total", "y_total");
    }

    @Test
    void readsDurationsNumbersOffsetsSubqueriesAndGrafanaVariablesWhole() {
        assertThat(PromQlMetricNames.of("max(q_len) > max(q_len offset 30m) and 1e3 > 0.5"))
                .containsExactly("q_len");
        assertThat(PromQlMetricNames.of("max_over_time(max(q_len)[1h30m:1m]) > bool 2"))
                .containsExactly("q_len");
        assertThat(PromQlMetricNames.of("sum by (phase) (rate(installer_phase_duration_seconds_count[$__rate_interval]))"
                + " / ${scale} * $factor")).containsExactly("installer_phase_duration_seconds_count");
    }

    @Test
    void aMisspeltMetricIsANameOfItsOwn() {
        assertThat(PromQlMetricNames.of("max(allocator_pool_fre) == 0")).containsExactly("allocator_pool_fre");
    }

    @Test
    void aPageNamesEverySampleIncludingAHistogramsSeries() {
        String page = """
                # TYPE installer_phase_duration_seconds histogram
                installer_phase_duration_seconds_bucket{phase="phase1",le="1.0"} 0
                installer_phase_duration_seconds_count{phase="phase1"} 1
                installer_phase_duration_seconds_sum{phase="phase1"} 42.0
                allocator_pool_size 10.0
                """;
        assertThat(PrometheusText.sampleNames(page)).containsExactlyInAnyOrder("installer_phase_duration_seconds_bucket",
                "installer_phase_duration_seconds_count", "installer_phase_duration_seconds_sum", "allocator_pool_size");
    }
}
