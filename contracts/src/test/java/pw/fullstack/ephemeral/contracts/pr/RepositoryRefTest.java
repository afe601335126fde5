package pw.fullstack.ephemeral.contracts.pr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.InvalidInputException;

class RepositoryRefTest {

    @Test
    void parsesOwnerSlashName() {
        RepositoryRef repo = RepositoryRef.parse("fullstack-pw/cks-backend");
        assertThat(repo.owner()).isEqualTo("fullstack-pw");
        assertThat(repo.name()).isEqualTo("cks-backend");
        assertThat(repo).hasToString("fullstack-pw/cks-backend");
    }

    @Test
    void acceptsEveryCharacterGitHubAllowsInARepositoryName() {
        assertThat(RepositoryRef.parse("a/Some.Repo_name-2").name()).isEqualTo("Some.Repo_name-2");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "cks-backend",                       // no owner
        "a/b/c",                             // too many parts
        "owner/",                            // empty name
        "/name",                             // empty owner
        "owner/..",                          // reserved
        "-owner/name",                       // owner starting with a hyphen
        "own--er/name",                      // double hyphen in owner
        "owner/na me",                       // space
        "owner/name\nkind: Secret",          // YAML injection
        "owner/name: {}",                    // YAML mapping
        "owner/$(rm -rf /)",                 // shell
        "owner/name;reboot",                 // shell
        "owner/\"quoted\"",                  // quotes
        "owner/n\u0430me",                   // Cyrillic a, a look-alike
        "\u0430lice/name",                   // Cyrillic a in the owner
        "owner/name\u200b",                  // zero-width space
        "owner/${CLUSTER_NAME}"              // template placeholder
    })
    void rejectsWhatGitHubWouldNotCreate(String hostile) {
        assertThatThrownBy(() -> RepositoryRef.parse(hostile))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("repository");
    }

    @Test
    void rejectsA300CharacterName() {
        assertThatThrownBy(() -> RepositoryRef.parse("owner/" + "a".repeat(300)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("1-100");
    }

    @Test
    void rejectsAnOwnerLongerThanGitHubAllows() {
        assertThatThrownBy(() -> RepositoryRef.parse("a".repeat(40) + "/name"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("repository owner");
    }

    @Test
    void quotesTheOffendingValueWithoutItsControlCharacters() {
        assertThatThrownBy(() -> RepositoryRef.parse("owner/x\ny"))
                .hasMessageContaining("\\u000a")
                .hasMessageNotContaining("\n");
    }

    @Test
    void comparesLikeGitHubIgnoringCase() {
        assertThat(RepositoryRef.parse("Fullstack-PW/Demo").sameAs(RepositoryRef.parse("fullstack-pw/demo"))).isTrue();
        assertThat(RepositoryRef.parse("alice/demo").sameAs(RepositoryRef.parse("bob/demo"))).isFalse();
    }
}
