package pw.fullstack.ephemeral.notifier.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.github.auth.PemPrivateKey;

/** The key and the JWT are github-app-auth's (tested there); here, what the notifier adds. */
class AppAuthenticationTest {

    @Test
    void aBrokenKeyStopsNamingTheNotifiersSetting() {
        assertThatThrownBy(() -> PemPrivateKey.parse("not a key", CredentialsProducer.PRIVATE_KEY_SETTING))
                .hasMessageStartingWith("notifier.github.app.private-key");
    }

    @Test
    void aCachedInstallationTokenIsRenewedShortlyBeforeItExpires() {
        Instant expires = Instant.parse("2026-11-28T11:00:00Z");
        var token = new AppCredentials.InstallationToken("ghs_x", expires);

        assertThat(token.freshAt(expires.minus(Duration.ofMinutes(6)), Duration.ofMinutes(5))).isTrue();
        assertThat(token.freshAt(expires.minus(Duration.ofMinutes(4)), Duration.ofMinutes(5))).isFalse();
        assertThat(token.toString()).doesNotContain("ghs_x");
    }
}
