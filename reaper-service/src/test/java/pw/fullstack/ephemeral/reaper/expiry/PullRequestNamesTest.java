package pw.fullstack.ephemeral.reaper.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.naming.NameForm;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

class PullRequestNamesTest {

    private static final ClusterNaming NAMING = ClusterNaming.defaults();

    @Test
    void readsBackTheShortNamesTheSeedsToolingWrote() {
        assertThat(PullRequestNames.fromClusterName("pr-cksbackend-42", NAMING)).hasValue(PullRequestRef.of("fullstack-pw/cks-backend", 42));
        assertThat(PullRequestNames.fromClusterName("pr-demoapps-7", NAMING)).hasValue(PullRequestRef.of("fullstack-pw/demo-apps", 7));
        assertThat(PullRequestNames.fromClusterName("pr-legacy-9", NAMING)).hasValue(PullRequestRef.of("fullstack-pw/legacy", 9));
    }

    @Test
    void refusesWhatNamingWouldNotDeriveBack() {
        assertThat(PullRequestNames.fromClusterName("pr-api-1a2b3c4d5e6f7a8b-7", NAMING)).isEmpty();
        assertThat(PullRequestNames.fromClusterName("pr-demoapps-0", NAMING)).isEmpty();
        assertThat(PullRequestNames.fromClusterName("k3s-test", NAMING)).isEmpty();
        assertThat(PullRequestNames.fromClusterName(null, NAMING)).isEmpty();
        assertThat(PullRequestNames.fromClusterName("pr-demoapps-7", new ClusterNaming(ClusterNaming.DEFAULT_DOMAIN, null))).isEmpty();
    }

    @Test
    void readsBackTheNamesTheSeedsWorkflowsWroteWhenTheServicesUseThatForm() {
        ClusterNaming asGiven = ClusterNaming.defaults(NameForm.AS_GIVEN);

        assertThat(PullRequestNames.fromClusterName("pr-cks-backend-42", asGiven)).hasValue(PullRequestRef.of("fullstack-pw/cks-backend", 42));
        assertThat(PullRequestNames.fromClusterName("pr-legacy-9", asGiven)).hasValue(PullRequestRef.of("fullstack-pw/legacy", 9));
        assertThat(PullRequestNames.fromClusterName("pr-cksbackend-42", asGiven)).hasValue(PullRequestRef.of("fullstack-pw/cksbackend", 42));
        assertThat(PullRequestNames.fromClusterName("pr-cks-backend-42", NAMING)).isEmpty();
        assertThat(PullRequestNames.fromClusterName("pr-api-1a2b3c4d5e6f7a8b-7", asGiven)).isEmpty();
    }
}
