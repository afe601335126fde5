package pw.fullstack.ephemeral.notifier.auth;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.github.auth.PemPrivateKey;

/** The key, the JWT and the token cache are github-app-auth's (tested there); here, what the notifier adds. */
class AppAuthenticationTest {

    @Test
    void aBrokenKeyStopsNamingTheNotifiersSetting() {
        assertThatThrownBy(() -> PemPrivateKey.parse("not a key", CredentialsProducer.PRIVATE_KEY_SETTING))
                .hasMessageStartingWith("notifier.github.app.private-key");
    }
}
