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

    // ---- the as-given form: the seed's workflows and application guide ----

    private final ClusterNaming asGiven = ClusterNaming.defaults(NameForm.AS_GIVEN);

    @Test
    void keepsTheRepositoryNameAsTheSeedsWorkflowsWroteIt() {
        PullRequestRef pr = PullRequestRef.of("fullstack-pw/cks-backend", 42);

        assertThat(asGiven.clusterName(pr).value()).isEqualTo("pr-cks-backend-42");
        assertThat(asGiven.dnsName(pr)).isEqualTo("pr-42-cks-backend.ephemeral.fullstack.pw");
    }

    @Test
    void lowerCasesTheRepositoryNameInTheAsGivenForm() {
        assertThat(asGiven.clusterName(PullRequestRef.of("Fullstack-PW/Demo-Apps", 7)).value()).isEqualTo("pr-demo-apps-7");
    }

    @Test
    void hashesDotsAndUnderscoresSoTheyNeverMeetTheHyphenatedName() {
        ClusterName hyphenated = asGiven.clusterName(PullRequestRef.of("fullstack-pw/web-app", 1));
        ClusterName dotted = asGiven.clusterName(PullRequestRef.of("fullstack-pw/web.app", 1));
        ClusterName underscored = asGiven.clusterName(PullRequestRef.of("fullstack-pw/web_app", 1));
        ClusterName doubled = asGiven.clusterName(PullRequestRef.of("fullstack-pw/web--app", 1));

        assertThat(hyphenated.value()).isEqualTo("pr-web-app-1");
        assertThat(dotted.value()).matches("pr-web-app-[0-9a-f]{6}-1");
        assertThat(underscored.value()).matches("pr-web-app-[0-9a-f]{6}-1");
        assertThat(doubled.value()).matches("pr-web-app-[0-9a-f]{6}-1");
        assertThat(java.util.Set.of(hyphenated, dotted, underscored, doubled)).hasSize(4);
    }

    @Test
    void neverLetsAKeptNameMeetAnotherRepositorysHashedName() {
        ClusterName alice = asGiven.clusterName(PullRequestRef.of("alice/api", 7));
        String aliceHash = alice.value().substring("pr-api-".length(), "pr-api-".length() + 6);
        PullRequestRef lookAlike = PullRequestRef.of("fullstack-pw/api-" + aliceHash, 7);
        PullRequestRef bareHash = PullRequestRef.of("fullstack-pw/" + aliceHash, 7);

        assertThat(alice.value()).matches("pr-api-[0-9a-f]{6}-7");
        assertThat(asGiven.clusterName(lookAlike)).isNotEqualTo(alice);
        assertThat(asGiven.clusterName(lookAlike).value()).matches("pr-api-" + aliceHash + "-[0-9a-f]{6}-7");
        assertThat(asGiven.clusterName(bareHash).value()).matches("pr-" + aliceHash + "-[0-9a-f]{6}-7");
    }

    @Test
    void keepsANameWhoseLastWordIsHexOfAnotherLength() {
        assertThat(asGiven.clusterName(PullRequestRef.of("fullstack-pw/tool-2024", 3)).value()).isEqualTo("pr-tool-2024-3");
        assertThat(asGiven.clusterName(PullRequestRef.of("fullstack-pw/tool-2024010", 3)).value()).isEqualTo("pr-tool-2024010-3");
    }

    @Test
    void hashesOtherOwnersRepositoriesInTheAsGivenFormToo() {
        assertThat(asGiven.clusterName(PullRequestRef.of("alice/cks-backend", 42)).value())
                .matches("pr-cks-backend-[0-9a-f]{6}-42");
        assertThat(asGiven.dnsName(PullRequestRef.of("alice/cks-backend", 42)))
                .matches("pr-42-cks-backend-[0-9a-f]{6}\\.ephemeral\\.fullstack\\.pw");
    }

    @Test
    void cutsLongNamesInTheAsGivenFormWithoutLeavingAHyphenBeforeTheHash() {
        // 21 characters are left for the name beside an 8-digit number and the hash: the cut ends on a hyphen
        String name = "abcdefghij-klmnopqrs-tuvwxyz-and-more";
        ClusterName cut = asGiven.clusterName(PullRequestRef.of("fullstack-pw/" + name, 99_999_999));

        assertThat(cut.value()).hasSizeLessThanOrEqualTo(ClusterNaming.MAX_CLUSTER_NAME)
                .matches("pr-abcdefghij-klmnopqrs-[0-9a-f]{6}-99999999");
    }

    @Test
    void namesARepositoryWithoutLettersOrDigitsByItsHashInTheAsGivenForm() {
        assertThat(asGiven.clusterName(PullRequestRef.of("fullstack-pw/_-_", 3)).value()).matches("pr-[0-9a-f]{6}-3");
        assertThat(asGiven.clusterName(PullRequestRef.of("fullstack-pw/-api-", 3)).value()).matches("pr-api-[0-9a-f]{6}-3");
    }

    @Test
    void theFormsDifferOnlyWhereTheSeedDid() {
        PullRequestRef plain = PullRequestRef.of("fullstack-pw/shop", 5);

        assertThat(asGiven.clusterName(plain)).isEqualTo(naming.clusterName(plain));
        assertThat(new ClusterNaming(ClusterNaming.DEFAULT_DOMAIN, ClusterNaming.DEFAULT_HOME_OWNER,
                ClusterNaming.DEFAULT_SHORT_NAME_REPOSITORIES, null).form()).isEqualTo(NameForm.COMPACT);
        assertThat(ClusterNaming.defaults().form()).isEqualTo(NameForm.COMPACT);
    }
}
