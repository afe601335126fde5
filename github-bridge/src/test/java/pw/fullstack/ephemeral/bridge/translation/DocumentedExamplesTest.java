package pw.fullstack.ephemeral.bridge.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pw.fullstack.ephemeral.bridge.GitHubPayloads.pr;
import static pw.fullstack.ephemeral.bridge.translation.Translators.RECEIVED;
import static pw.fullstack.ephemeral.bridge.translation.Translators.filters;
import static pw.fullstack.ephemeral.bridge.translation.Translators.translator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import pw.fullstack.ephemeral.bridge.GitHubPayloads;
import pw.fullstack.ephemeral.bridge.GitHubPayloads.Example;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.events.PrUpdated;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * Every example GitHub documents for the events the bridge reads ({@code @octokit/webhooks-examples}:
 * 29 {@code pull_request}, 2 {@code repository_dispatch}, 4 {@code ping}), through the translator with
 * its default settings: each means what its action says, and none is refused.
 */
class DocumentedExamplesTest {

    static Stream<Example> pullRequests() {
        return GitHubPayloads.examples("pull_request").stream();
    }

    static Stream<Example> dispatches() {
        return GitHubPayloads.examples("repository_dispatch").stream();
    }

    static Stream<Example> pings() {
        return GitHubPayloads.examples("ping").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pullRequests")
    void everyPullRequestExampleMeansWhatItsActionSays(Example example) {
        JsonNode pr = pr(example.payload());
        PullRequestRef ref = PullRequestRef.of(example.payload().path("repository").path("full_name").asText(),
                pr.path("number").asInt());

        Translation translation = translator().translate(delivery("pull_request", example));

        switch (example.action()) {
            case "opened", "reopened", "ready_for_review" -> {
                PrOpened opened = (PrOpened) published(translation);
                assertThat(opened.pullRequest()).isEqualTo(ref);
                assertThat(opened.branch().value()).isEqualTo(pr.path("head").path("ref").asText());
                assertThat(opened.headSha().value()).isEqualTo(pr.path("head").path("sha").asText());
                Instant gitHubTime = Instant.parse(pr.path(example.action().equals("opened") ? "created_at" : "updated_at").asText());
                assertThat(opened.openedAt()).isBetween(gitHubTime, gitHubTime.plusMillis(999));
            }
            case "closed" -> {
                PrClosed closed = (PrClosed) published(translation);
                assertThat(closed.pullRequest()).isEqualTo(ref);
                assertThat(closed.merged()).isEqualTo(pr.path("merged").asBoolean());
                assertThat(closed.closedAt()).isEqualTo(Instant.parse(pr.path("closed_at").asText()));
            }
            case "synchronize" -> {
                PrUpdated updated = (PrUpdated) published(translation);
                assertThat(updated.headSha().value()).isEqualTo(pr.path("head").path("sha").asText());
            }
            case "labeled" -> assertThat(translation).isEqualTo(new Translation.Ignore(example.action(),
                    "not the opt-in label (bridge.filters.label) nor the Postgres label (bridge.install-postgres.label)"));
            case "unlabeled" -> assertThat(translation)
                    .isEqualTo(new Translation.Ignore(example.action(), "not the opt-in label (bridge.filters.label)"));
            default -> assertThat(translation).isEqualTo(new Translation.Ignore(example.action(), "action not handled"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pullRequests")
    void withAnOptInLabelTheLabelExamplesOpenAndCloseByTheirLabel(Example example) {
        if (!example.action().endsWith("labeled")) {
            return;
        }
        String label = example.payload().path("label").path("name").asText();

        LifecycleEvent event = published(translator(filters(Optional.of(label), false, false))
                .translate(delivery("pull_request", example)));

        assertThat(event).isInstanceOf(example.action().equals("labeled") ? PrOpened.class : PrClosed.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dispatches")
    void aDispatchExampleOfAnotherEventTypeIsIgnoredAndAsOursWithoutTheSeedsPayloadRefused(Example example) {
        assertThat(translator().translate(delivery("repository_dispatch", example)))
                .isEqualTo(new Translation.Ignore(example.action(), "dispatch event type not handled (bridge.dispatch.*)"));

        DeliveryTranslator asCreate = new DeliveryTranslator(pw.fullstack.ephemeral.contracts.naming.ClusterNaming.defaults(),
                filters(Optional.empty(), false, false), pw.fullstack.ephemeral.bridge.options.EnvironmentOptionRules.none(),
                Translators.SOURCE, java.util.List.of(example.action()),
                java.util.List.of("destroy_ephemeral_cluster"));
        assertThatThrownBy(() -> asCreate.translate(delivery("repository_dispatch", example)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("client_payload.");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pings")
    void everyPingExampleIsAnsweredWithAPong(Example example) {
        assertThat(translator().translate(delivery("ping", example))).isInstanceOf(Translation.Pong.class);
    }

    private static Delivery delivery(String event, Example example) {
        return new Delivery(event, "example-" + example.index(), RECEIVED, GitHubPayloads.bytes(example.payload()));
    }

    private static LifecycleEvent published(Translation translation) {
        assertThat(translation).isInstanceOf(Translation.Publish.class);
        return ((Translation.Publish) translation).envelope().data();
    }
}
