package pw.fullstack.ephemeral.contracts.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

class ClusterNamingTest {

    private final ClusterNaming naming = ClusterNaming.defaults();

    @Test
    void namesAHomeRepositoryExactlyAsTheSeedToolingDid() {
        PullRequestRef pr = PullRequestRef.of("fullstack-pw/cks-backend", 42);

        assertThat(naming.clusterName(pr).value()).isEqualTo("pr-cksbackend-42");
        assertThat(naming.dnsName(pr)).isEqualTo("pr-42-cksbackend.ephemeral.fullstack.pw");
    }

    @Test
    void treatsTheHomeOwnerCaseInsensitivelyAsGitHubDoes() {
        assertThat(naming.clusterName(PullRequestRef.of("Fullstack-PW/Demo-Apps", 7)).value())
                .isEqualTo("pr-demoapps-7");
    }

    @Test
    void keepsSameNamedRepositoriesOfDifferentOwnersApart() {
        ClusterName alice = naming.clusterName(PullRequestRef.of("alice/api", 7));
        ClusterName bob = naming.clusterName(PullRequestRef.of("bob/api", 7));
        ClusterName home = naming.clusterName(PullRequestRef.of("fullstack-pw/api", 7));

        assertThat(alice).isNotEqualTo(bob).isNotEqualTo(home);
        assertThat(alice.value()).matches("pr-api-[0-9a-f]{6}-7");
        assertThat(naming.dnsName(PullRequestRef.of("alice/api", 7)))
                .matches("pr-7-api-[0-9a-f]{6}\\.ephemeral\\.fullstack\\.pw");
    }

    @Test
    void cutsLongRepositoryNamesAndKeepsThemDistinctWithAHash() {
        String longName = "a-very-long-repository-name-that-goes-on-and-on-for-a-while";
        ClusterName one = naming.clusterName(PullRequestRef.of("fullstack-pw/" + longName + "-one", 99_999_999));
        ClusterName two = naming.clusterName(PullRequestRef.of("fullstack-pw/" + longName + "-two", 99_999_999));

        assertThat(one.value()).hasSizeLessThanOrEqualTo(ClusterNaming.MAX_CLUSTER_NAME).endsWith("-99999999");
        assertThat(one).isNotEqualTo(two);
    }

    @Test
    void neverGivesTwoRepositoriesWhoseNamesDifferOnlyInPunctuationTheSameCluster() {
        ClusterName hyphenated = naming.clusterName(PullRequestRef.of("fullstack-pw/web-app", 1));
        ClusterName plain = naming.clusterName(PullRequestRef.of("fullstack-pw/webapp", 1));
        ClusterName underscored = naming.clusterName(PullRequestRef.of("fullstack-pw/web_app", 1));

        assertThat(plain.value()).isEqualTo("pr-webapp-1");
        assertThat(hyphenated.value()).matches("pr-webapp-[0-9a-f]{6}-1");
        assertThat(underscored.value()).matches("pr-webapp-[0-9a-f]{6}-1");
        assertThat(hyphenated).isNotEqualTo(underscored);
    }

    @Test
    void keepsTheSeedsShortNamesForItsListedRepositoriesAndHashesTheirPlainLookAlikes() {
        assertThat(naming.clusterName(PullRequestRef.of("fullstack-pw/cks-frontend", 3)).value())
                .isEqualTo("pr-cksfrontend-3");
        assertThat(naming.clusterName(PullRequestRef.of("fullstack-pw/cksfrontend", 3)).value())
                .matches("pr-cksfrontend-[0-9a-f]{6}-3");
    }

    @Test
    void takesTheShortNameRepositoriesFromConfiguration() {
        ClusterNaming custom = new ClusterNaming("preview.example.org", "acme", java.util.Set.of("Web-App"));

        assertThat(custom.clusterName(PullRequestRef.of("acme/web-app", 2)).value()).isEqualTo("pr-webapp-2");
        assertThat(custom.clusterName(PullRequestRef.of("acme/cks-backend", 2)).value())
                .matches("pr-cksbackend-[0-9a-f]{6}-2");
    }

    @Test
    void refusesShortNameRepositoriesThatWouldShareAName() {
        assertThatThrownBy(() -> new ClusterNaming("preview.example.org", "acme", java.util.Set.of("web-app", "web_app")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("would both be named webapp");
    }

    @Test
    void tellsWhetherANameIsTheOneItDerivesForThePullRequest() {
        PullRequestRef pr = PullRequestRef.of("fullstack-pw/cks-backend", 42);

        assertThat(naming.isNameOf(ClusterName.of("pr-cksbackend-42"), pr)).isTrue();
        assertThat(naming.isNameOf(ClusterName.of("kube-system"), pr)).isFalse();
        assertThat(naming.isNameOf(ClusterName.of("pr-cksbackend-43"), pr)).isFalse();
    }

    @Test
    void namesARepositoryWithoutLettersOrDigitsByItsHash() {
        assertThat(naming.clusterName(PullRequestRef.of("fullstack-pw/_-_", 3)).value()).matches("pr-[0-9a-f]{6}-3");
    }

    @Test
    void isDeterministic() {
        PullRequestRef pr = PullRequestRef.of("someone/Some.Repo_Name", 12);
        assertThat(naming.clusterName(pr)).isEqualTo(ClusterNaming.defaults().clusterName(pr));
        assertThat(naming.dnsName(pr)).isEqualTo(ClusterNaming.defaults().dnsName(pr));
    }

    @Test
    void usesTheConfiguredDomain() {
        ClusterNaming lab = new ClusterNaming("preview.example.org", "acme");
        assertThat(lab.dnsName(PullRequestRef.of("acme/shop", 5))).isEqualTo("pr-5-shop.preview.example.org");
    }

    @Test
    void refusesADomainThatIsNotADnsName() {
        assertThatThrownBy(() -> new ClusterNaming("bad domain.example", "acme"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("dns domain");
    }
}
