package pw.fullstack.ephemeral.testkit.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** external-dns's --label-filter / --annotation-filter, read as Kubernetes label selectors. */
class LabelSelectorTest {

    private static final Map<String, String> OURS = Map.of("app.kubernetes.io/managed-by", "ephemeral-installer",
            "ephemeral.fullstack.pw/cluster", "pr-shop-7");

    @Test
    void everyRequirementMustHold() {
        assertThat(LabelSelector.parse("app.kubernetes.io/managed-by=ephemeral-installer")).accepts(OURS);
        assertThat(LabelSelector.parse("app.kubernetes.io/managed-by==ephemeral-installer,ephemeral.fullstack.pw/cluster"))
                .accepts(OURS);
        assertThat(LabelSelector.parse("app.kubernetes.io/managed-by=ephemeral-installer,team=shop")).rejects(OURS);
        assertThat(LabelSelector.parse("app.kubernetes.io/managed-by!=ephemeral-installer")).rejects(OURS);
        assertThat(LabelSelector.parse("!ephemeral.fullstack.pw/cluster")).rejects(OURS).accepts(Map.of());
        assertThat(LabelSelector.parse("ephemeral.fullstack.pw/cluster in (pr-shop-7, pr-shop-8)")).accepts(OURS);
        assertThat(LabelSelector.parse("ephemeral.fullstack.pw/cluster notin (pr-shop-7)")).rejects(OURS);
    }

    @Test
    void anObjectWithoutLabelsMatchesOnlyWhatAbsenceSatisfies() {
        assertThat(LabelSelector.parse("app.kubernetes.io/managed-by=ephemeral-installer")).rejects((Map<String, String>) null);
        assertThat(LabelSelector.parse("")).accepts((Map<String, String>) null);
    }

    @Test
    void textThatIsNoSelectorIsRefused() {
        assertThatThrownBy(() -> LabelSelector.parse("a=b=c")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a=b=c");
    }
}
