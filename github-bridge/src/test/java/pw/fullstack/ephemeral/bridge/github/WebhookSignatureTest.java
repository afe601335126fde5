package pw.fullstack.ephemeral.bridge.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookSignatureTest {

    /** GitHub's test vector from "Validating webhook deliveries" (docs.github.com). */
    private static final String GITHUB_SECRET = "It's a Secret to Everybody";
    private static final byte[] GITHUB_PAYLOAD = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    private static final String GITHUB_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    @Test
    void acceptsGitHubsPublishedTestVector() {
        assertThat(WebhookSignature.withSecrets(List.of(GITHUB_SECRET)).isValid(GITHUB_PAYLOAD, GITHUB_SIGNATURE)).isTrue();
        assertThat(WebhookSignature.sign(GITHUB_SECRET, GITHUB_PAYLOAD)).isEqualTo(GITHUB_SIGNATURE);
    }

    @Test
    void acceptsTheDigestInUpperCaseHexToo() {
        String upper = "sha256=" + GITHUB_SIGNATURE.substring("sha256=".length()).toUpperCase();

        assertThat(WebhookSignature.withSecrets(List.of(GITHUB_SECRET)).isValid(GITHUB_PAYLOAD, upper)).isTrue();
    }

    @Test
    void refusesTheRightSignatureUnderAnotherSecret() {
        assertThat(WebhookSignature.withSecrets(List.of("It's a Secret to Nobody")).isValid(GITHUB_PAYLOAD, GITHUB_SIGNATURE))
                .isFalse();
    }

    @Test
    void refusesABodyChangedByOneByte() {
        byte[] tampered = Arrays.copyOf(GITHUB_PAYLOAD, GITHUB_PAYLOAD.length);
        tampered[tampered.length - 1] = '?';

        assertThat(WebhookSignature.withSecrets(List.of(GITHUB_SECRET)).isValid(tampered, GITHUB_SIGNATURE)).isFalse();
    }

    @Test
    void verifiesTheRawBytesNotAReformattedBody() {
        byte[] compact = "{\"action\":\"opened\"}".getBytes(StandardCharsets.UTF_8);
        byte[] spaced = "{\"action\": \"opened\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(WebhookSignature.withSecrets(List.of(GITHUB_SECRET)).isValid(spaced, WebhookSignature.sign(GITHUB_SECRET, compact)))
                .isFalse();
    }

    @Test
    void acceptsEitherSecretDuringARotation() {
        WebhookSignature rotating = WebhookSignature.withSecrets(List.of("old-secret", GITHUB_SECRET));

        assertThat(rotating.isValid(GITHUB_PAYLOAD, GITHUB_SIGNATURE)).isTrue();
        assertThat(rotating.isValid(GITHUB_PAYLOAD, WebhookSignature.sign("old-secret", GITHUB_PAYLOAD))).isTrue();
        assertThat(rotating.isValid(GITHUB_PAYLOAD, WebhookSignature.sign("retired-secret", GITHUB_PAYLOAD))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            "sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17ff",
            "sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            "sha256= 757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1"})
    void refusesMalformedHeaders(String header) {
        assertThat(WebhookSignature.withSecrets(List.of(GITHUB_SECRET)).isValid(GITHUB_PAYLOAD, header)).isFalse();
    }

    @Test
    void refusesAMissingHeader() {
        assertThat(WebhookSignature.withSecrets(List.of(GITHUB_SECRET)).isValid(GITHUB_PAYLOAD, null)).isFalse();
    }

    @Test
    void cannotBeBuiltWithoutASecret() {
        assertThatThrownBy(() -> WebhookSignature.withSecrets(List.of())).hasMessageContaining("bridge.webhook.secrets");
        assertThatThrownBy(() -> WebhookSignature.withSecrets(List.of("  "))).hasMessageContaining("blank");
    }

    @Test
    void neverShowsItsSecrets() {
        assertThat(WebhookSignature.withSecrets(List.of(GITHUB_SECRET)).toString()).doesNotContain("Secret to");
    }
}
