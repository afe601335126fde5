package pw.fullstack.ephemeral.bridge.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pw.fullstack.ephemeral.bridge.translation.Translators.RECEIVED;
import static pw.fullstack.ephemeral.bridge.translation.Translators.dispatch;
import static pw.fullstack.ephemeral.bridge.translation.Translators.translator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.bridge.GitHubPayloads;
import pw.fullstack.ephemeral.bridge.options.EnvironmentOptionRules;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.EnvironmentOptions;
import pw.fullstack.ephemeral.contracts.events.EventType;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.pr.BranchName;
import pw.fullstack.ephemeral.contracts.pr.CommitSha;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * The seed's {@code repository_dispatch}, on GitHub's example delivery (sent to octo-org/octo-repo)
 * with the client payload the seed's application repositories send.
 */
class DispatchTranslationTest {

    private static final String DELIVERY = "d7a1d2c0-cd5e-11ee-8f2b-1e0b7a7c8a3c";
    private static final PullRequestRef OCTO_API_42 = PullRequestRef.of("octo-org/api", 42);

    @Test
    void theSeedsCreateDispatchOpensTheNamedPrOfTheTargetsOwnerAtTheTimeItArrived() {
        ObjectNode delivery = create("{\"pr_number\": \"42\", \"repository\": \"api\", \"branch\": \"feature/login-form\"}");

        EventEnvelope<?> envelope = published(translator().translate(dispatch(DELIVERY, delivery, RECEIVED)));

        assertThat(envelope.data()).isEqualTo(new PrOpened(OCTO_API_42, cluster(OCTO_API_42),
                BranchName.of("feature/login-form"), null, EnvironmentOptions.defaults(), RECEIVED));
        assertThat(envelope.id()).isEqualTo(DeliveryIds.eventId(DELIVERY, EventType.PR_OPENED));
        assertThat(envelope.correlationId()).isEqualTo(envelope.id());
    }

    @Test
    void aRedeliveredDispatchKeepsItsIdButWithoutPrTimesTakesTheNewArrivalTime() {
        ObjectNode delivery = create("{\"pr_number\": 42, \"repository\": \"api\", \"branch\": \"main\"}");
        Instant later = RECEIVED.plusSeconds(600);

        EventEnvelope<?> first = published(translator().translate(dispatch(DELIVERY, delivery, RECEIVED)));
        EventEnvelope<?> again = published(translator().translate(dispatch(DELIVERY, delivery, later)));

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(((PrOpened) again.data()).openedAt()).isEqualTo(later);
    }

    @Test
    void usesThePrsOwnTimesHeadAndOptionsWhenTheWorkflowSendsThem() {
        ObjectNode delivery = create("{\"pr_number\": \"42\", \"repository\": \"fullstack-pw/cks-backend\", "
                + "\"branch\": \"feature/x\", \"head_sha\": \"0123456789ABCDEF0123456789abcdef01234567\", "
                + "\"install_postgres\": \"true\", \"opened_at\": \"2026-11-28T09:00:00Z\"}");

        PrOpened opened = (PrOpened) published(translator().translate(dispatch(DELIVERY, delivery, RECEIVED))).data();

        assertThat(opened.pullRequest()).isEqualTo(PullRequestRef.of("fullstack-pw/cks-backend", 42));
        assertThat(opened.clusterName().value()).isEqualTo("pr-cksbackend-42");
        assertThat(opened.headSha()).isEqualTo(CommitSha.of("0123456789abcdef0123456789abcdef01234567"));
        assertThat(opened.options().installPostgres()).isTrue();
        assertThat(opened.openedAt()).isEqualTo(Instant.parse("2026-11-28T09:00:00Z"));
    }

    @Test
    void aDispatchThatDoesNotSayInstallPostgresGetsItsRepositorysDefaultAndOneThatSaysSoIsFollowed() {
        DeliveryTranslator rules = translator(Translators.filters(java.util.Optional.empty(), false, false),
                EnvironmentOptionRules.of(java.util.List.of("octo-org/api"), java.util.Optional.empty()));

        assertThat(options(rules, "{\"pr_number\": 42, \"repository\": \"api\", \"branch\": \"b\"}").installPostgres())
                .isTrue();
        assertThat(options(rules, "{\"pr_number\": 42, \"repository\": \"api\", \"branch\": \"b\", "
                + "\"install_postgres\": \"false\"}").installPostgres()).as("the seed's explicit \"false\"").isFalse();
        assertThat(options(rules, "{\"pr_number\": 42, \"repository\": \"web\", \"branch\": \"b\"}").installPostgres())
                .isFalse();
        assertThat(options(translator(), "{\"pr_number\": 42, \"repository\": \"api\", \"branch\": \"b\"}")
                .installPostgres()).isFalse();
    }

    @Test
    void theDestroyDispatchClosesThePr() {
        ObjectNode plain = dispatchOf("destroy_ephemeral_cluster", "{\"pr_number\": \"42\", \"repository\": \"api\"}");
        ObjectNode timed = dispatchOf("destroy_ephemeral_cluster", "{\"pr_number\": \"42\", \"repository\": \"api\", "
                + "\"merged\": true, \"closed_at\": \"2026-11-28T11:00:00Z\"}");

        EventEnvelope<?> closed = published(translator().translate(dispatch(DELIVERY, plain, RECEIVED)));

        assertThat(closed.data()).isEqualTo(new PrClosed(OCTO_API_42, cluster(OCTO_API_42), false, RECEIVED));
        assertThat(closed.correlationId()).isEqualTo(closed.id());
        assertThat(published(translator().translate(dispatch("other", timed, RECEIVED))).data())
                .isEqualTo(new PrClosed(OCTO_API_42, cluster(OCTO_API_42), true, Instant.parse("2026-11-28T11:00:00Z")));
    }

    @Test
    void otherDispatchTypesAreIgnored() {
        Translation translation = translator().translate(dispatch(DELIVERY, GitHubPayloads.repositoryDispatch(), RECEIVED));

        assertThat(translation).isEqualTo(new Translation.Ignore("on-demand-test", "dispatch event type not handled (bridge.dispatch.*)"));
    }

    @Test
    void theDispatchTypesAreConfigurable() {
        DeliveryTranslator renamed = new DeliveryTranslator(pw.fullstack.ephemeral.contracts.naming.ClusterNaming.defaults(),
                Translators.filters(java.util.Optional.empty(), false, false),
                pw.fullstack.ephemeral.bridge.options.EnvironmentOptionRules.none(), Translators.SOURCE, java.util.List.of("pr_env_up"),
                java.util.List.of("pr_env_down"));

        assertThat(published(renamed.translate(dispatch(DELIVERY,
                dispatchOf("pr_env_up", "{\"pr_number\": 1, \"repository\": \"api\", \"branch\": \"b\"}"), RECEIVED))).data())
                .isInstanceOf(PrOpened.class);
        assertThat(renamed.translate(dispatch(DELIVERY,
                create("{\"pr_number\": 1, \"repository\": \"api\", \"branch\": \"b\"}"), RECEIVED)))
                .isInstanceOf(Translation.Ignore.class);
    }

    @Test
    void aTypeThatWouldBothOpenAndCloseIsRefusedAtStart() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DeliveryTranslator(
                pw.fullstack.ephemeral.contracts.naming.ClusterNaming.defaults(),
                Translators.filters(java.util.Optional.empty(), false, false),
                pw.fullstack.ephemeral.bridge.options.EnvironmentOptionRules.none(), Translators.SOURCE,
                java.util.List.of("env"), java.util.List.of("env", "env_down")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both open and close");
    }

    @Test
    void repositoriesOffTheAllowListAreIgnored() {
        ObjectNode delivery = create("{\"pr_number\": \"42\", \"repository\": \"mallory/api\", \"branch\": \"main\"}");

        assertThat(translator().translate(dispatch(DELIVERY, delivery, RECEIVED))).isInstanceOf(Translation.Ignore.class);
    }

    @Test
    void refusesWhatTheContractsRefuseWithTheirMessagesEscaped() {
        assertRefused("{\"pr_number\": \"42; rm -rf /\", \"repository\": \"api\", \"branch\": \"main\"}",
                "client_payload.pr_number: \"42; rm -rf /\" is not a pull request number");
        assertRefused("{\"pr_number\": \"0\", \"repository\": \"api\", \"branch\": \"main\"}",
                "pull request number: 0 is out of range (1..99999999)");
        assertRefused("{\"pr_number\": \"42\", \"repository\": \"api\\nkind: Secret\", \"branch\": \"main\"}",
                "repository name: \"api\\u000akind: Secret\" is not a GitHub repository name (1-100 of A-Z a-z 0-9 . _ -, not . or ..)");
        assertRefused("{\"pr_number\": \"42\", \"repository\": \"api\", \"branch\": \"x;$(id)\"}",
                "branch: \"x;$(id)\" may contain only ASCII letters, digits, '.', '_', '/' and '-'");
        assertRefused("{\"pr_number\": \"42\", \"repository\": \"api\"}", "client_payload.branch: is required");
        assertRefused("{\"repository\": \"api\", \"branch\": \"main\"}", "client_payload.pr_number: is required");
        assertRefused("{\"pr_number\": \"42\", \"repository\": \"api\", \"branch\": \"main\", \"opened_at\": \"soon\"}",
                "client_payload.opened_at: \"soon\" is not an ISO-8601 time such as 2026-11-28T10:15:30Z");
        assertRefused("{\"pr_number\": \"42\", \"repository\": \"api\", \"branch\": \"main\", \"install_postgres\": \"yes\"}",
                "client_payload.install_postgres: must be true or false");
        assertRefused("{\"pr_number\": \"42\", \"repository\": \"api\", \"branch\": \"main\", \"head_sha\": \"abc\"}",
                "head sha: \"abc\" is not a full commit id (40 or 64 hex digits)");
    }

    @Test
    void aDispatchWithoutClientPayloadIsRefused() {
        ObjectNode delivery = GitHubPayloads.repositoryDispatch();
        delivery.put("action", "create_ephemeral_cluster");
        delivery.remove("client_payload");

        assertThatThrownBy(() -> translator().translate(dispatch(DELIVERY, delivery, RECEIVED)))
                .hasMessage("client_payload: is required, as an object");
    }

    private static void assertRefused(String clientPayload, String message) {
        assertThatThrownBy(() -> translator().translate(dispatch(DELIVERY, create(clientPayload), RECEIVED)))
                .isInstanceOf(InvalidInputException.class).hasMessage(message);
    }

    private static EnvironmentOptions options(DeliveryTranslator translator, String clientPayload) {
        return ((PrOpened) published(translator.translate(dispatch(DELIVERY, create(clientPayload), RECEIVED))).data()).options();
    }

    private static ObjectNode create(String clientPayload) {
        return dispatchOf("create_ephemeral_cluster", clientPayload);
    }

    private static ObjectNode dispatchOf(String type, String clientPayload) {
        ObjectNode delivery = GitHubPayloads.repositoryDispatch();
        delivery.put("action", type);
        try {
            delivery.set("client_payload", GitHubPayloads.JSON.readTree(clientPayload));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
        return delivery;
    }

    private static ClusterName cluster(PullRequestRef pr) {
        return pw.fullstack.ephemeral.contracts.naming.ClusterNaming.defaults().clusterName(pr);
    }

    private static EventEnvelope<? extends LifecycleEvent> published(Translation translation) {
        assertThat(translation).isInstanceOf(Translation.Publish.class);
        return ((Translation.Publish) translation).envelope();
    }
}
