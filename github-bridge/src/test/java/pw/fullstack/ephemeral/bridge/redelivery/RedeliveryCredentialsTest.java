package pw.fullstack.ephemeral.bridge.redelivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.testkit.github.GitHubAppKey;

class RedeliveryCredentialsTest {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final Optional<String> NONE = Optional.empty();

    @Test
    void withoutCredentialsThePassIsOff() {
        assertThat(RedeliveryCredentials.of(NONE, NONE, NONE, List.of(), CLOCK)).isEmpty();
        assertThat(RedeliveryCredentials.of(Optional.of(" "), NONE, Optional.of(""), List.of(), CLOCK)).isEmpty();
    }

    @Test
    void anAppReadsItsOwnWebhookWithAJwtAndATokenTheListedOnes() {
        GitHubAppKey key = GitHubAppKey.generate();

        RedeliveryCredentials app = RedeliveryCredentials.of(Optional.of("4242"), Optional.of(key.privateKeyPem()), NONE,
                List.of(), CLOCK).orElseThrow();
        RedeliveryCredentials token = RedeliveryCredentials.of(NONE, NONE, Optional.of("ghp_secret"),
                List.of("fullstack-pw/cks-backend:123", " fullstack-pw:456 "), CLOCK).orElseThrow();

        assertThat(app.hooks()).containsExactly(HookEndpoint.app());
        assertThat(app.authorization().get()).startsWith("Bearer ey");
        assertThat(token.hooks()).extracting(HookEndpoint::path)
                .containsExactly("/repos/fullstack-pw/cks-backend/hooks/123", "/orgs/fullstack-pw/hooks/456");
        assertThat(token.authorization().get()).isEqualTo("Bearer ghp_secret");
        assertThat(token.toString()).doesNotContain("ghp_secret");
        assertThat(app.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void halfOrDoublyConfiguredCredentialsStopStartUpNamingTheSettings() {
        assertThatThrownBy(() -> RedeliveryCredentials.of(Optional.of("4242"), NONE, NONE, List.of(), CLOCK))
                .hasMessage("configure both bridge.redelivery.app.id and bridge.redelivery.app.private-key");
        assertThatThrownBy(() -> RedeliveryCredentials.of(NONE, NONE, Optional.of("ghp_x"), List.of(), CLOCK))
                .hasMessage("configure both bridge.redelivery.token and bridge.redelivery.hooks");
        assertThatThrownBy(() -> RedeliveryCredentials.of(Optional.of("4242"), Optional.of("pem"), Optional.of("ghp_x"),
                List.of("o:1"), CLOCK)).hasMessageStartingWith("configure either");
        assertThatThrownBy(() -> RedeliveryCredentials.of(Optional.of("Iv1.abc"), Optional.of("pem"), NONE, List.of(), CLOCK))
                .hasMessageContaining("numeric id");
        assertThatThrownBy(() -> RedeliveryCredentials.of(Optional.of("4242"), Optional.of("not a key"), NONE, List.of(), CLOCK))
                .hasMessageStartingWith("bridge.redelivery.app.private-key").hasMessageNotContaining("not a key");
        assertThatThrownBy(() -> RedeliveryCredentials.of(NONE, NONE, Optional.of("ghp_x"), List.of("fullstack-pw/cks-backend"),
                CLOCK)).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("bridge.redelivery.hooks: ");
    }

    @Test
    void theNextCursorIsTakenFromGitHubsLinkHeader() {
        assertThat(HookDeliveriesApi.next("<https://api.github.com/app/hook/deliveries?per_page=100&cursor=v1_12077215967>;"
                + " rel=\"next\"")).contains("v1_12077215967");
        assertThat(HookDeliveriesApi.next("<https://api.github.com/x?cursor=a>; rel=\"prev\", <https://api.github.com/x?"
                + "per_page=2&cursor=v1_9%3D>; rel=\"next\"")).contains("v1_9=");
        assertThat(HookDeliveriesApi.next("<https://api.github.com/x?cursor=a>; rel=\"prev\"")).isEmpty();
        assertThat(HookDeliveriesApi.next(null)).isEmpty();
    }
}
