package pw.fullstack.ephemeral.bridge.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pw.fullstack.ephemeral.bridge.translation.Translators.RECEIVED;
import static pw.fullstack.ephemeral.bridge.translation.Translators.translator;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pw.fullstack.ephemeral.bridge.GitHubPayloads;
import pw.fullstack.ephemeral.contracts.InvalidInputException;

class DeliveryTranslatorTest {

    @Test
    void answersAPing() {
        assertThat(translator().translate(new Delivery("ping", "1", RECEIVED, GitHubPayloads.raw("ping.payload.json"))))
                .isInstanceOf(Translation.Pong.class);
    }

    @Test
    void ignoresEventsItDoesNotHandleWithoutReadingThem() {
        assertThat(translator().translate(new Delivery("issues", "1", RECEIVED, "not even json".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(new Translation.Ignore(null, "event issues not handled"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"action\": \"opened\"", "not json", "{\"action\": \"opened\"} trailing", "\u0000\u0001"})
    void refusesABodyThatIsNotJson(String body) {
        assertThatThrownBy(() -> translator().translate(new Delivery("pull_request", "1", RECEIVED,
                body.getBytes(StandardCharsets.UTF_8)))).isInstanceOf(InvalidInputException.class)
                .hasMessage("body: is not valid JSON");
    }

    @Test
    void refusesAnEmptyBodyAndJsonThatIsNotAnObject() {
        assertThatThrownBy(() -> translator().translate(new Delivery("pull_request", "1", RECEIVED, new byte[0])))
                .hasMessage("body: is empty");
        assertThatThrownBy(() -> translator().translate(new Delivery("pull_request", "1", RECEIVED,
                "[1, 2]".getBytes(StandardCharsets.UTF_8)))).hasMessage("body: has the wrong type or format");
        assertThatThrownBy(() -> translator().translate(new Delivery("pull_request", "1", RECEIVED,
                "null".getBytes(StandardCharsets.UTF_8)))).hasMessage("body: is not a JSON object");
    }

    @Test
    void refusesDeliveriesWithoutGitHubsHeaders() {
        assertThatThrownBy(() -> new Delivery(null, "1", RECEIVED, new byte[0])).hasMessage("X-GitHub-Event: is required");
        assertThatThrownBy(() -> new Delivery("pull_request", " ", RECEIVED, new byte[0]))
                .hasMessage("X-GitHub-Delivery: is required");
    }

    @Test
    void refusesHeadersThatCouldForgeALogLineQuotingThemEscaped() {
        assertThatThrownBy(() -> new Delivery("pull_request", "abc\r\nINFO forged", RECEIVED, new byte[0]))
                .hasMessage("X-GitHub-Delivery: \"abc\\u000d\\u000aINFO forged\" is not a delivery id (1-128 of A-Z a-z 0-9 . _ : -)");
        assertThatThrownBy(() -> new Delivery("Pull Request", "1", RECEIVED, new byte[0]))
                .hasMessage("X-GitHub-Event: \"Pull Request\" is not a GitHub event name");
    }
}
