package pw.fullstack.ephemeral.contracts.pr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pw.fullstack.ephemeral.contracts.InvalidInputException;

class PullRequestRefTest {

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE, PullRequestRef.MAX_NUMBER + 1, Integer.MAX_VALUE})
    void rejectsNumbersGitHubNeverIssues(int number) {
        assertThatThrownBy(() -> PullRequestRef.of("fullstack-pw/demo-apps", number))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("pull request number");
    }

    @Test
    void acceptsTheFirstAndTheLargestNumber() {
        assertThat(PullRequestRef.of("fullstack-pw/demo-apps", 1).number()).isEqualTo(1);
        assertThat(PullRequestRef.of("fullstack-pw/demo-apps", PullRequestRef.MAX_NUMBER)).hasToString(
                "fullstack-pw/demo-apps#" + PullRequestRef.MAX_NUMBER);
    }

    @Test
    void acceptsOnlyFullCommitIds() {
        assertThat(CommitSha.of("ABCDEF0123456789ABCDEF0123456789ABCDEF01").value())
                .isEqualTo("abcdef0123456789abcdef0123456789abcdef01");
        assertThatThrownBy(() -> CommitSha.of("abc123")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> CommitSha.of("g".repeat(40))).isInstanceOf(InvalidInputException.class);
    }
}
