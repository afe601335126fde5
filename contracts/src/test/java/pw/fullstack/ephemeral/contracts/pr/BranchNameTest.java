package pw.fullstack.ephemeral.contracts.pr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pw.fullstack.ephemeral.contracts.InvalidInputException;

class BranchNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"main", "feature/login-form", "release/1.2.3", "dependabot/npm_and_yarn/lodash-4.17.21"})
    void acceptsOrdinaryBranchNames(String name) {
        assertThat(BranchName.of(name).value()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "feature branch", "a..b", "a//b", "-rf", "/abs", "trailing/", "x.lock", "dot.", ".hidden", "a/.b",
        "x\ny: z", "x: y", "$(id)", "a;b", "a|b", "a`b`", "a'b", "a\"b", "caf\u00e9", "\u0440r", "${NODE_IP}", "a\tb"
    })
    void rejectsBranchNamesThatCouldInjectOrThatGitRefuses(String hostile) {
        assertThatThrownBy(() -> BranchName.of(hostile))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("branch");
    }

    @org.junit.jupiter.api.Test
    void rejectsBranchNamesLongerThan255Characters() {
        assertThatThrownBy(() -> BranchName.of("b".repeat(256))).hasMessageContaining("255");
        assertThat(BranchName.of("b".repeat(255)).value()).hasSize(255);
    }
}
