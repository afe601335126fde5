package pw.fullstack.ephemeral.contracts.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

class ClusterNamingTest {

    private final ClusterNaming naming = ClusterNaming.defaults();

    /** The seed wrote both: its README and IP pool tooling the compact form, its workflows and application guide the other. */
    @ParameterizedTest
    @CsvSource({
        "COMPACT,  pr-cksbackend-42,  pr-42-cksbackend.ephemeral.fullstack.pw",
        "AS_GIVEN, pr-cks-backend-42, pr-42-cks-backend.ephemeral.fullstack.pw"})
    void namesAHomeRepositoryExactlyAsTheSeedDidInEachForm(NameForm form, String cluster, String dns) {
        PullRequestRef pr = PullRequestRef.of("fullstack-pw/cks-backend", 42);

        assertThat(ClusterNaming.defaults(form).clusterName(pr).value()).isEqualTo(cluster);
        assertThat(ClusterNaming.defaults(form).dnsName(pr)).isEqualTo(dns);
    }

    @ParameterizedTest
    @CsvSource({"COMPACT, pr-demoapps-7", "AS_GIVEN, pr-demo-apps-7"})
    void treatsTheHomeOwnerAndTheNameCaseInsensitivelyAsGitHubDoes(NameForm form, String cluster) {
        assertThat(ClusterNaming.defaults(form).clusterName(PullRequestRef.of("Fullstack-PW/Demo-Apps", 7)).value())
                .isEqualTo(cluster);
    }

    @Test
    void keepsSameNamedRepositoriesOfDifferentOwnersApart() {
        ClusterName alice = naming.clusterName(PullRequestRef.of("alice/api", 7));
        ClusterName bob = naming.clusterName(PullRequestRef.of("bob/api", 7));
        ClusterName home = naming.clusterName(PullRequestRef.of("fullstack-pw/api", 7));

        assertThat(alice).isNotEqualTo(bob).isNotEqualTo(home);
        assertThat(alice.value()).matches("pr-api-[0-9a-f]{16}-7");
        assertThat(naming.dnsName(PullRequestRef.of("alice/api", 7)))
                .matches("pr-7-api-[0-9a-f]{16}\\.ephemeral\\.fullstack\\.pw");
    }

    @Test
    void cutsLongRepositoryNamesAndKeepsThemDistinctWithAHash() {
        String longName = "a-very-long-repository-name-that-goes-on-and-on-for-a-while";
        ClusterName one = naming.clusterName(PullRequestRef.of("fullstack-pw/" + longName + "-one", 99_999_999));
        ClusterName two = naming.clusterName(PullRequestRef.of("fullstack-pw/" + longName + "-two", 99_999_999));

        assertThat(one.value()).hasSizeLessThanOrEqualTo(ClusterNaming.MAX_CLUSTER_NAME).endsWith("-99999999");
        assertThat(one).isNotEqualTo(two);
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource({
        "COMPACT,  webapp,  pr-webapp-1",
        "COMPACT,  web-app, pr-webapp-[0-9a-f]{16}-1",
        "COMPACT,  web_app, pr-webapp-[0-9a-f]{16}-1",
        "COMPACT,  web.app, pr-webapp-[0-9a-f]{16}-1",
        "AS_GIVEN, webapp,  pr-webapp-1",
        "AS_GIVEN, web-app, pr-web-app-1",
        "AS_GIVEN, web_app, pr-web-app-[0-9a-f]{16}-1",
        "AS_GIVEN, web.app, pr-web-app-[0-9a-f]{16}-1",
        "AS_GIVEN, web--app, pr-web-app-[0-9a-f]{16}-1"})
    void writesPunctuatedNamesInEachForm(NameForm form, String name, String cluster) {
        assertThat(ClusterNaming.defaults(form).clusterName(PullRequestRef.of("fullstack-pw/" + name, 1)).value()).matches(cluster);
    }

    @ParameterizedTest
    @EnumSource(NameForm.class)
    void neverGivesTwoRepositoriesWhoseNamesDifferOnlyInPunctuationTheSameCluster(NameForm form) {
        Set<ClusterName> names = Stream.of("webapp", "web-app", "web_app", "web.app", "web--app")
                .map(name -> ClusterNaming.defaults(form).clusterName(PullRequestRef.of("fullstack-pw/" + name, 1)))
                .collect(Collectors.toSet());

        assertThat(names).hasSize(5);
    }

    @Test
    void keepsTheSeedsShortNamesForItsListedRepositoriesAndHashesTheirPlainLookAlikes() {
        assertThat(naming.clusterName(PullRequestRef.of("fullstack-pw/cks-frontend", 3)).value())
                .isEqualTo("pr-cksfrontend-3");
        assertThat(naming.clusterName(PullRequestRef.of("fullstack-pw/cksfrontend", 3)).value())
                .matches("pr-cksfrontend-[0-9a-f]{16}-3");
    }

    @Test
    void takesTheShortNameRepositoriesFromConfiguration() {
        ClusterNaming custom = new ClusterNaming("preview.example.org", "acme", Set.of("Web-App"));

        assertThat(custom.clusterName(PullRequestRef.of("acme/web-app", 2)).value()).isEqualTo("pr-webapp-2");
        assertThat(custom.clusterName(PullRequestRef.of("acme/cks-backend", 2)).value())
                .matches("pr-cksbackend-[0-9a-f]{16}-2");
    }

    @Test
    void refusesShortNameRepositoriesThatWouldShareAName() {
        assertThatThrownBy(() -> new ClusterNaming("preview.example.org", "acme", Set.of("web-app", "web_app")))
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
        assertThat(naming.clusterName(PullRequestRef.of("fullstack-pw/_-_", 3)).value()).matches("pr-[0-9a-f]{16}-3");
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
    void neverLetsAKeptNameMeetAnotherRepositorysHashedName() {
        ClusterName alice = asGiven.clusterName(PullRequestRef.of("alice/api", 7));
        String aliceHash = alice.value().substring("pr-api-".length(), "pr-api-".length() + 16);
        PullRequestRef lookAlike = PullRequestRef.of("fullstack-pw/api-" + aliceHash, 7);
        PullRequestRef bareHash = PullRequestRef.of("fullstack-pw/" + aliceHash, 7);

        assertThat(alice.value()).matches("pr-api-[0-9a-f]{16}-7");
        assertThat(asGiven.clusterName(lookAlike)).isNotEqualTo(alice);
        assertThat(asGiven.clusterName(lookAlike).value()).as("hashed, the look-alike cut to fit").matches("pr-api-[0-9a-f]+-[0-9a-f]{16}-7");
        assertThat(asGiven.clusterName(bareHash).value()).matches("pr-" + aliceHash + "-[0-9a-f]{16}-7");
    }

    /** Kept as given, or hashed, and why (each case's pattern must match the whole cluster name). */
    @ParameterizedTest(name = "{0} #{1} -> {2}")
    @CsvSource({
        "fullstack-pw/tool-2024,    3,  pr-tool-2024-3",                    // a last word of hex, but not 16 long
        "fullstack-pw/tool-2024010, 3,  pr-tool-2024010-3",
        "fullstack-pw/decade,       1,  pr-decade-1",                       // hex letters, but not 16 of them
        "fullstack-pw/deadbeefcafebabe, 1, pr-deadbeefcafebabe-[0-9a-f]{16}-1", // sixteen could be read as a hash
        "fullstack-pw/-api-,        3,  pr-api-[0-9a-f]{16}-3",              // outer hyphens: not a clean label
        "fullstack-pw/_-_,          3,  pr-[0-9a-f]{16}-3",                  // nothing of the name left: the hash alone
        "alice/cks-backend,         42, pr-cks-backend-[0-9a-f]{16}-42"})    // another owner
    void decidesEachAsGivenName(String repository, int number, String cluster) {
        assertThat(asGiven.clusterName(PullRequestRef.of(repository, number)).value()).matches(cluster);
    }

    @Test
    void cutsLongNamesInTheAsGivenFormWithoutLeavingAHyphenBeforeTheHash() {
        // 21 characters are left for the name beside an 8-digit number and the hash: the cut ends on a hyphen
        String name = "abcdefghij-klmnopqrs-tuvwxyz-and-more";
        ClusterName cut = asGiven.clusterName(PullRequestRef.of("fullstack-pw/" + name, 99_999_999));

        assertThat(cut.value()).hasSizeLessThanOrEqualTo(ClusterNaming.MAX_CLUSTER_NAME)
                .matches("pr-abcdefghij-[0-9a-f]{16}-99999999");
    }

    @Test
    void theFormsDifferOnlyWhereTheSeedDid() {
        PullRequestRef plain = PullRequestRef.of("fullstack-pw/shop", 5);

        assertThat(asGiven.clusterName(plain)).isEqualTo(naming.clusterName(plain));
        assertThat(new ClusterNaming(ClusterNaming.DEFAULT_DOMAIN, ClusterNaming.DEFAULT_HOME_OWNER,
                ClusterNaming.DEFAULT_SHORT_NAME_REPOSITORIES, null).form()).isEqualTo(NameForm.COMPACT);
        assertThat(ClusterNaming.defaults().form()).isEqualTo(NameForm.COMPACT);
    }

    @Test
    void refusesAnEventWhoseHostIsNotItsPrsEvenWhenTheClusterNameIs() {
        ClusterNaming naming = ClusterNaming.defaults();
        PullRequestRef pr = PullRequestRef.of("fullstack-pw/cks-backend", 42);
        pw.fullstack.ephemeral.contracts.events.DnsReleased honest = new pw.fullstack.ephemeral.contracts.events.DnsReleased(pr,
                naming.clusterName(pr), naming.dnsName(pr), pw.fullstack.ephemeral.contracts.events.DnsReleaseOutcome.REMOVED, "gone");
        pw.fullstack.ephemeral.contracts.events.DnsReleased forged = new pw.fullstack.ephemeral.contracts.events.DnsReleased(pr,
                naming.clusterName(pr), "vault.fullstack.pw", pw.fullstack.ephemeral.contracts.events.DnsReleaseOutcome.REMOVED, "gone");

        assertThat(naming.agreesWith(honest)).isTrue();
        assertThat(naming.disagreement(forged)).hasValue("host vault.fullstack.pw is not the host of fullstack-pw/cks-backend#42"
                + " (pr-42-cksbackend.ephemeral.fullstack.pw)");
    }
}
