package pw.fullstack.ephemeral.bridge.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.pr.RepositoryRef;

class RepositoryPatternTest {

    @Test
    void anExactNameMatchesThatRepositoryInAnyCase() {
        RepositoryPattern pattern = RepositoryPattern.parse("fullstack-pw/cks-backend");

        assertThat(pattern.matches(RepositoryRef.parse("fullstack-pw/cks-backend"))).isTrue();
        assertThat(pattern.matches(RepositoryRef.parse("Fullstack-PW/CKS-Backend"))).isTrue();
        assertThat(pattern.matches(RepositoryRef.parse("fullstack-pw/cks-backend2"))).isFalse();
        assertThat(pattern.matches(RepositoryRef.parse("alice/cks-backend"))).isFalse();
    }

    @Test
    void aStarStandsForAnyRunOfCharactersWithinItsPart() {
        RepositoryPattern owners = RepositoryPattern.parse("fullstack-pw/*");
        RepositoryPattern prefix = RepositoryPattern.parse("fullstack-pw/cks-*");
        RepositoryPattern anyOwner = RepositoryPattern.parse("*/api");

        assertThat(owners.matches(RepositoryRef.parse("fullstack-pw/anything.at-all"))).isTrue();
        assertThat(owners.matches(RepositoryRef.parse("fullstack-pw2/demo-apps"))).isFalse();
        assertThat(prefix.matches(RepositoryRef.parse("fullstack-pw/cks-frontend"))).isTrue();
        assertThat(prefix.matches(RepositoryRef.parse("fullstack-pw/demo-apps"))).isFalse();
        assertThat(anyOwner.matches(RepositoryRef.parse("alice/api"))).isTrue();
        assertThat(anyOwner.matches(RepositoryRef.parse("alice/api-gateway"))).isFalse();
    }

    @Test
    void aDotIsADotNotAnyCharacter() {
        assertThat(RepositoryPattern.parse("fullstack-pw/a.b").matches(RepositoryRef.parse("fullstack-pw/axb"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fullstack-pw", "fullstack-pw/", "/demo-apps", "a/b/c", "fullstack-pw/demo apps",
            "fullstack-pw/(.*)", "fullstack-pw/[a-z]+"})
    void refusesWhatIsNotAnOwnerNamePatternNamingTheSetting(String text) {
        assertThatThrownBy(() -> RepositoryPattern.parse(text)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("bridge.filters.repositories: ");
    }
}
