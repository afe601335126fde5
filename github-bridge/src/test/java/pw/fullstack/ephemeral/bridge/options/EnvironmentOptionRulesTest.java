package pw.fullstack.ephemeral.bridge.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.pr.RepositoryRef;

class EnvironmentOptionRulesTest {

    private static final RepositoryRef WRITER = RepositoryRef.parse("fullstack-pw/writer-app");
    private static final RepositoryRef BACKEND = RepositoryRef.parse("fullstack-pw/cks-backend");

    @Test
    void listedRepositoriesGetPostgresByDefaultOthersOnlyWithTheLabel() {
        EnvironmentOptionRules rules = EnvironmentOptionRules.of(List.of("fullstack-pw/writer-*"), Optional.of("ephemeral-postgres"));

        assertThat(rules.forPullRequest(WRITER, List.of()).installPostgres()).isTrue();
        assertThat(rules.forPullRequest(BACKEND, List.of("bug")).installPostgres()).isFalse();
        assertThat(rules.forPullRequest(BACKEND, List.of("bug", " EPHEMERAL-postgres")).installPostgres()).isTrue();
    }

    @Test
    void aDispatchGetsWhatItAskedForElseItsRepositorysDefault() {
        EnvironmentOptionRules rules = EnvironmentOptionRules.of(List.of("fullstack-pw/writer-app"), Optional.empty());

        assertThat(rules.forDispatch(WRITER, Optional.empty()).installPostgres()).isTrue();
        assertThat(rules.forDispatch(WRITER, Optional.of(false)).installPostgres()).isFalse();
        assertThat(rules.forDispatch(BACKEND, Optional.empty()).installPostgres()).isFalse();
        assertThat(rules.forDispatch(BACKEND, Optional.of(true)).installPostgres()).isTrue();
    }

    @Test
    void noRulesMeanTheDefaultEnvironmentAndABlankLabelMeansNoLabel() {
        assertThat(EnvironmentOptionRules.none().forPullRequest(WRITER, List.of("ephemeral-postgres")).installPostgres()).isFalse();
        assertThat(EnvironmentOptionRules.of(List.of(), Optional.of("  ")).isPostgresLabel("  ")).isFalse();
    }

    @Test
    void anInvalidPatternIsRefusedNamingItsSetting() {
        assertThatThrownBy(() -> EnvironmentOptionRules.of(List.of("writer-app"), Optional.empty()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("bridge.install-postgres.repositories: \"writer-app\" is not an owner/name pattern");
    }
}
