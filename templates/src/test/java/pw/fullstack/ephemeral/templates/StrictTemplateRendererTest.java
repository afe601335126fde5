package pw.fullstack.ephemeral.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StrictTemplateRendererTest {

    private static final Set<String> KNOWN = Set.of("A", "B_2");

    @Test
    void substitutesEveryPlaceholder() {
        assertThat(StrictTemplateRenderer.render("t", "x: ${A}\ny: ${B_2}-${A}\n", KNOWN, Map.of("A", "1", "B_2", "two")))
                .isEqualTo("x: 1\ny: two-1\n");
    }

    @Test
    void anUnknownVariableIsAnErrorNamingItAndItsLine() {
        assertThatThrownBy(() -> StrictTemplateRenderer.render("t", "x: ${A}\ny: ${NOPE}\n", KNOWN, Map.of("A", "1")))
                .isInstanceOf(TemplateException.class)
                .hasMessage("t line 2: unknown variable NOPE");
    }

    @Test
    void onlyAVariableWhoseEmptyValueMeansSomethingMayRenderEmpty() {
        var values = new java.util.HashMap<String, String>();
        values.put("A", "");
        values.put("B_2", "");

        assertThat(StrictTemplateRenderer.render("t", "a: \"${A}\"", KNOWN, values, Set.of("A"))).isEqualTo("a: \"\"");
        assertThatThrownBy(() -> StrictTemplateRenderer.render("t", "${A} ${B_2}", KNOWN, values, Set.of("A")))
                .hasMessage("t: missing or empty variable B_2");
        assertThatThrownBy(() -> ClusterTemplateVariable.PROXMOX_NODE.validate("")).hasMessageContaining("is empty");
        assertThat(ClusterTemplateVariable.KUBE_VIP_INTERFACE.validate("")).isEmpty();
    }

    @Test
    void missingAndEmptyVariablesAreNamed() {
        var values = new java.util.HashMap<String, String>();
        values.put("A", "");
        assertThatThrownBy(() -> StrictTemplateRenderer.render("t", "${A} ${B_2}", KNOWN, values))
                .hasMessage("t: missing or empty variables A, B_2");
    }

    @Test
    void bareAndMalformedPlaceholdersAreErrors() {
        assertThatThrownBy(() -> StrictTemplateRenderer.render("t", "x: $A", KNOWN, Map.of("A", "1")))
                .hasMessageContaining("bare $NAME");
        assertThatThrownBy(() -> StrictTemplateRenderer.render("t", "x: ${A", KNOWN, Map.of("A", "1")))
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> StrictTemplateRenderer.render("t", "x: ${a-b}", KNOWN, Map.of("A", "1")))
                .hasMessageContaining("malformed");
    }

    @Test
    void substitutionIsSinglePassSoValuesAreNeverExpandedAgain() {
        assertThat(StrictTemplateRenderer.render("t", "${A}", KNOWN, Map.of("A", "${B_2}$1\\", "B_2", "secret")))
                .isEqualTo("${B_2}$1\\");
    }

    @Test
    void aLoneDollarThatIsNoPlaceholderIsKept() {
        assertThat(StrictTemplateRenderer.render("t", "cost: 5$ ${A}", KNOWN, Map.of("A", "1"))).isEqualTo("cost: 5$ 1");
    }
}
