package pw.fullstack.ephemeral.installer.vault;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.pr.RepositoryRef;

class AppVaultScopeTest {

    @Test
    void twoOwnersOfTheSameRepositoryNameGetTwoPathsAndTwoPolicies() {
        AppVaultScope home = AppVaultScope.of(new RepositoryRef("fullstack-pw", "demo-apps"), "ephemeral-clusters/apps", "ephemeral-app--");
        AppVaultScope stranger = AppVaultScope.of(new RepositoryRef("alice", "demo-apps"), "ephemeral-clusters/apps", "ephemeral-app--");

        assertThat(home.secretPath()).isEqualTo("ephemeral-clusters/apps/fullstack-pw/demo-apps");
        assertThat(home.policy()).isEqualTo("ephemeral-app--fullstack-pw--demo-apps");
        assertThat(stranger.secretPath()).isEqualTo("ephemeral-clusters/apps/alice/demo-apps");
        assertThat(stranger.policy()).isNotEqualTo(home.policy());
    }

    @Test
    void namesAreLowerCasedAsGitHubTreatsThemAndSlashesInTheAppsPathAreTrimmed() {
        AppVaultScope scope = AppVaultScope.of(new RepositoryRef("FullStack-PW", "CKS-Backend"), "/ephemeral-clusters/apps/", "p--");

        assertThat(scope.secretPath()).isEqualTo("ephemeral-clusters/apps/fullstack-pw/cks-backend");
        assertThat(scope.policy()).isEqualTo("p--fullstack-pw--cks-backend");
    }

    @Test
    void anOwnerCannotBorrowAnotherRepositorysPolicyThroughHyphens() {
        // GitHub owners never hold "--", so "a--b" + "c" and "a" + "b--c" cannot both exist as owner/repo pairs
        // that meet: the first "--" after the prefix always ends the owner.
        AppVaultScope one = AppVaultScope.of(new RepositoryRef("a", "b--c"), "apps", "p--");
        AppVaultScope other = AppVaultScope.of(new RepositoryRef("a-b", "c"), "apps", "p--");

        assertThat(one.policy()).isNotEqualTo(other.policy());
    }
}
