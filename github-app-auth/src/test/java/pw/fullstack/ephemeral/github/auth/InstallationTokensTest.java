package pw.fullstack.ephemeral.github.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InstallationTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final Map<String, String> READ_PRS = Map.of("pull_requests", "read");

    /** GitHub's side: installations per owner, tokens for one hour, a call log. */
    private static final class FakeGitHub implements InstallationTokens.Api {
        final Map<String, Long> installations = new HashMap<>(Map.of("fullstack-pw", 77L));
        final List<String> calls = new ArrayList<>();
        int issued;

        @Override
        public long installationOf(String owner, String repo) {
            calls.add("installation " + owner + "/" + repo);
            return installations.get(owner);
        }

        @Override
        public InstallationTokens.Token create(long installationId, String owner, String repo, Map<String, String> permissions)
                throws InstallationTokens.InstallationGone {
            calls.add("token " + installationId + " " + repo + " " + permissions);
            if (!installations.containsValue(installationId)) {
                throw new InstallationTokens.InstallationGone(new IllegalStateException("404 Not Found"));
            }
            return new InstallationTokens.Token("ghs_" + (++issued), NOW.plus(Duration.ofHours(1)));
        }
    }

    private static InstallationTokens tokens(FakeGitHub github, Optional<Long> configured, Instant now) {
        return new InstallationTokens(configured, Duration.ofMinutes(5), READ_PRS, github, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void eachRepositoryGetsATokenOfItsOwnNarrowedToItAndThePermissionsAndCachedUntilShortlyBeforeExpiry() {
        FakeGitHub github = new FakeGitHub();
        InstallationTokens tokens = tokens(github, Optional.empty(), NOW);

        assertThat(tokens.token("fullstack-pw", "cks-backend")).isEqualTo("ghs_1");
        assertThat(tokens.token("Fullstack-PW", "CKS-Backend")).as("cached, names compared as GitHub does").isEqualTo("ghs_1");
        assertThat(tokens.token("fullstack-pw", "demo-apps")).isEqualTo("ghs_2");
        assertThat(github.calls).containsExactly("installation fullstack-pw/cks-backend",
                "token 77 cks-backend {pull_requests=read}", "token 77 demo-apps {pull_requests=read}");

        InstallationTokens later = tokens(github, Optional.empty(), NOW.plus(Duration.ofMinutes(56)));
        later.token("fullstack-pw", "cks-backend");
        assertThat(later.token("fullstack-pw", "cks-backend")).as("within 5 minutes of expiry: renewed").isEqualTo("ghs_4");
    }

    @Test
    void aRefusedTokenIsForgottenSoTheNextCallGetsAFreshOne() {
        FakeGitHub github = new FakeGitHub();
        InstallationTokens tokens = tokens(github, Optional.empty(), NOW);
        tokens.token("fullstack-pw", "cks-backend");

        tokens.invalidate("FULLSTACK-PW");

        assertThat(tokens.token("fullstack-pw", "cks-backend")).isEqualTo("ghs_2");
    }

    @Test
    void aReinstalledAppIsFoundAgainWhenGitHubNoLongerKnowsTheCachedInstallation() {
        FakeGitHub github = new FakeGitHub();
        InstallationTokens tokens = tokens(github, Optional.empty(), NOW);
        tokens.token("fullstack-pw", "cks-backend");
        github.installations.put("fullstack-pw", 78L);

        assertThat(tokens.token("fullstack-pw", "demo-apps")).isEqualTo("ghs_2");
        assertThat(github.calls).containsSubsequence("token 77 demo-apps {pull_requests=read}",
                "installation fullstack-pw/demo-apps", "token 78 demo-apps {pull_requests=read}");
    }

    @Test
    void aConfiguredInstallationThatIsGoneFailsAsTheCallerSaysWithoutLookingForAnother() {
        FakeGitHub github = new FakeGitHub();
        InstallationTokens tokens = tokens(github, Optional.of(99L), NOW);

        assertThatThrownBy(() -> tokens.token("fullstack-pw", "cks-backend"))
                .isInstanceOf(IllegalStateException.class).hasMessage("404 Not Found");
        assertThat(github.calls).containsExactly("token 99 cks-backend {pull_requests=read}");
    }

    @Test
    void aTokenNeverShowsInItsDescription() {
        assertThat(new InstallationTokens.Token("ghs_secret", NOW).toString()).doesNotContain("ghs_secret");
    }
}
