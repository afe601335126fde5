package pw.fullstack.ephemeral.contracts.naming;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import pw.fullstack.ephemeral.contracts.network.Dns1123;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.contracts.pr.RepositoryRef;

class ClusterNamingPropertiesTest {

    private final ClusterNaming naming = ClusterNaming.defaults();

    @Property(tries = 2000)
    void everyAcceptedPullRequestGetsValidNames(@ForAll("pullRequests") PullRequestRef pr) {
        String cluster = naming.clusterName(pr).value();
        String dns = naming.dnsName(pr);

        assertThat(Dns1123.isLabel(cluster)).as(cluster).isTrue();
        assertThat(cluster).hasSizeLessThanOrEqualTo(ClusterNaming.MAX_CLUSTER_NAME)
                .startsWith("pr-").endsWith("-" + pr.number());
        assertThat(Dns1123.isSubdomain(dns)).as(dns).isTrue();
        assertThat(dns).startsWith("pr-" + pr.number() + "-").endsWith("." + ClusterNaming.DEFAULT_DOMAIN);
    }

    @Property(tries = 1000)
    void differentPullRequestsNeverShareACluster(@ForAll("pullRequests") PullRequestRef a,
                                                 @ForAll("pullRequests") PullRequestRef b) {
        if (a.number() != b.number() || !a.repository().sameAs(b.repository())) {
            assertThat(naming.clusterName(a)).isNotEqualTo(naming.clusterName(b));
        }
    }

    /** Names that differ only in punctuation: the case where dropping characters used to collide. */
    @Property(tries = 1000)
    void lookAlikeRepositoriesOfTheHomeOwnerNeverShareACluster(@ForAll("lookAlikes") String a,
                                                               @ForAll("lookAlikes") String b) {
        PullRequestRef first = PullRequestRef.of("fullstack-pw/" + a, 1);
        PullRequestRef second = PullRequestRef.of("fullstack-pw/" + b, 1);
        if (!first.repository().sameAs(second.repository())) {
            assertThat(naming.clusterName(first)).isNotEqualTo(naming.clusterName(second));
        }
    }

    @Provide
    Arbitrary<String> lookAlikes() {
        return Arbitraries.strings().withChars("ab-_.").ofMinLength(1).ofMaxLength(6)
                .filter(n -> !n.equals(".") && !n.equals(".."))
                .injectDuplicates(0.1);
    }

    @Provide
    Arbitrary<PullRequestRef> pullRequests() {
        Arbitrary<String> owner = Arbitraries.oneOf(
                Arbitraries.just("fullstack-pw"),
                Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
                        .ofMinLength(1).ofMaxLength(39));
        Arbitrary<String> name = Arbitraries.strings()
                .withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
                .ofMinLength(1).ofMaxLength(100)
                .filter(n -> !n.equals(".") && !n.equals(".."));
        Arbitrary<Integer> number = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 5000),
                Arbitraries.integers().between(1, PullRequestRef.MAX_NUMBER));
        return Combinators.combine(owner, name, number)
                .as((o, n, nr) -> new PullRequestRef(new RepositoryRef(o, n), nr));
    }
}
