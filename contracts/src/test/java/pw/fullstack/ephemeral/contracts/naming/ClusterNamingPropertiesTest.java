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

    @Property(tries = 2000)
    void everyAcceptedPullRequestGetsValidNames(@ForAll("pullRequests") PullRequestRef pr, @ForAll NameForm form) {
        ClusterNaming naming = ClusterNaming.defaults(form);
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
                                                 @ForAll("pullRequests") PullRequestRef b, @ForAll NameForm form) {
        ClusterNaming naming = ClusterNaming.defaults(form);
        if (a.number() != b.number() || !a.repository().sameAs(b.repository())) {
            assertThat(naming.clusterName(a)).isNotEqualTo(naming.clusterName(b));
        }
    }

    /** Names that differ only in punctuation: where dropping or replacing characters could collide. */
    @Property(tries = 1000)
    void lookAlikeRepositoriesOfTheHomeOwnerNeverShareACluster(@ForAll("lookAlikes") String a,
                                                               @ForAll("lookAlikes") String b, @ForAll NameForm form) {
        ClusterNaming naming = ClusterNaming.defaults(form);
        PullRequestRef first = PullRequestRef.of("fullstack-pw/" + a, 1);
        PullRequestRef second = PullRequestRef.of("fullstack-pw/" + b, 1);
        if (!first.repository().sameAs(second.repository())) {
            assertThat(naming.clusterName(first)).isNotEqualTo(naming.clusterName(second));
        }
    }

    /**
     * Why kept and hashed names never meet in the as-given form: a home repository's name is either
     * kept exactly (lower-cased) and then never ends in a hash-like word, or it ends in one.
     */
    @Property(tries = 2000)
    void aNameKeptAsGivenNeverLooksLikeAHashedOne(@ForAll("hexishNames") String name) {
        PullRequestRef pr = PullRequestRef.of("fullstack-pw/" + name, 7);
        String cluster = ClusterNaming.defaults(NameForm.AS_GIVEN).clusterName(pr).value();
        String part = cluster.substring("pr-".length(), cluster.length() - "-7".length());
        boolean hashLike = part.matches("(.*-)?[0-9a-f]{16}");

        if (part.equals(name.toLowerCase(java.util.Locale.ROOT))) {
            assertThat(hashLike).as(cluster).isFalse();
        } else {
            assertThat(hashLike).as(cluster).isTrue();
        }
    }

    @Provide
    Arbitrary<String> hexishNames() {
        return Arbitraries.strings().withChars("abf09xA-_.").ofMinLength(1).ofMaxLength(24)
                .filter(n -> !n.equals(".") && !n.equals(".."));
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
