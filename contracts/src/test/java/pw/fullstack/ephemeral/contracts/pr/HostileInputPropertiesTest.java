package pw.fullstack.ephemeral.contracts.pr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.network.Dns1123;

/**
 * Arbitrary text, including unicode, control characters and YAML/shell metacharacters: each value
 * is either accepted and then safe (only the allowed characters, valid names), or refused with
 * {@link InvalidInputException}, never with anything else.
 */
class HostileInputPropertiesTest {

    private static final Pattern SAFE_REPOSITORY = Pattern.compile("[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}");
    private static final Pattern SAFE_BRANCH = Pattern.compile("[A-Za-z0-9._/-]{1,255}");

    @Property(tries = 3000)
    void aRepositoryIsEitherSafeOrRefusedWithAClearError(@ForAll("hostileText") String text) {
        Throwable failure = catchThrowable(() -> {
            RepositoryRef repository = RepositoryRef.parse(text);
            assertThat(text).matches(SAFE_REPOSITORY);
            var pr = new PullRequestRef(repository, 1);
            assertThat(Dns1123.isLabel(ClusterNaming.defaults().clusterName(pr).value())).isTrue();
            assertThat(Dns1123.isSubdomain(ClusterNaming.defaults().dnsName(pr))).isTrue();
        });
        if (failure != null) {
            assertThat(failure).isInstanceOf(InvalidInputException.class);
            assertThat(failure.getMessage()).startsWith("repository").doesNotContain("\n", "\r");
        }
    }

    @Property(tries = 3000)
    void aBranchIsEitherSafeOrRefusedWithAClearError(@ForAll("hostileText") String text) {
        Throwable failure = catchThrowable(() -> assertThat(BranchName.of(text).value()).matches(SAFE_BRANCH));
        if (failure != null) {
            assertThat(failure).isInstanceOf(InvalidInputException.class);
            assertThat(failure.getMessage()).startsWith("branch").doesNotContain("\n", "\r");
        }
    }

    @Provide
    Arbitrary<String> hostileText() {
        Arbitrary<String> nearlyValid = Arbitraries.strings()
                .withChars("abcXYZ019-._/ \n\t:{}$`'\";|&\\#*!?%@[]")
                .withChars('\u0430', '\u200b', '\u00e9', '\u0000')
                .ofMinLength(0).ofMaxLength(60);
        Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(300);
        Arbitrary<String> slashPair = Arbitraries.strings().withChars("abcXYZ019-._ \n:$")
                .ofMinLength(0).ofMaxLength(45).map(s -> "own-er/" + s);
        return Arbitraries.oneOf(nearlyValid, anything, slashPair);
    }
}
