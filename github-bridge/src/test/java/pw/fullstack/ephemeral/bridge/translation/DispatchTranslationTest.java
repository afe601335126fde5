package pw.fullstack.ephemeral.bridge.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pw.fullstack.ephemeral.bridge.translation.Translators.RECEIVED;
import static pw.fullstack.ephemeral.bridge.translation.Translators.dispatch;
import static pw.fullstack.ephemeral.bridge.translation.Translators.translator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.bridge.GitHubPayloads;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.pr.BranchName;
import pw.fullstack.ephemeral.contracts.pr.CommitSha;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * The seed's {@code repository_dispatch}, on GitHub's example delivery (sent to octo-org/octo-repo)
 * with the client payload the seed's application repositories send: what it claims, before GitHub is
 * asked (DispatchVerdictsTest: what GitHub's answer makes of it).
 */
class DispatchTranslationTest {

    private static final String DELIVERY = "d7a1d2c0-cd5e-11ee-8f2b-1e0b7a7c8a3c";
    private static final PullRequestRef OCTO_API_42 = PullRequestRef.of("octo-org/api", 42);

    @Test
    void theSeedsCreateDispatchClaimsTheNamedPrOfTheTargetsOwnerAndPublishesNothingYet() {
        ObjectNode delivery = create("{\"pr_number\": \"42\", \"repository\": \"api\", \"branch\": \"feature/login-form\"}");

        assertThat(translator().translate(dispatch(DELIVERY, delivery, RECEIVED))).isEqualTo(new Translation.Verify(
                new DispatchClaim("create_ephemeral_cluster", true, OCTO_API_42, Optional.of(BranchName.of("feature/login-form")),
                        Optional.empty(), Optional.empty())));
    }

    @Test
    void theClaimCarriesTheNamedHeadAndOptionsButNoTimesOrMergeStateWhichOnlyGitHubGives() {
        ObjectNode delivery = create("{\"pr_number\": \"42\", \"repository\": \"fullstack-pw/cks-backend\", "
                + "\"branch\": \"feature/x\", \"head_sha\": \"0123456789ABCDEF0123456789abcdef01234567\", "
                + "\"install_postgres\": \"true\", \"opened_at\": \"soon\"}");
        ObjectNode close = dispatchOf("destroy_ephemeral_cluster", "{\"pr_number\": \"42\", \"repository\": \"api\", "
                + "\"merged\": true, \"closed_at\": \"2026-11-28T11:00:00Z\"}");

        assertThat(translator().translate(dispatch(DELIVERY, delivery, RECEIVED))).isEqualTo(new Translation.Verify(
                new DispatchClaim("create_ephemeral_cluster", true, PullRequestRef.of("fullstack-pw/cks-backend", 42),
                        Optional.of(BranchName.of("feature/x")),
                        Optional.of(CommitSha.of("0123456789abcdef0123456789abcdef01234567")), Optional.of(true))));
        assertThat(translator().translate(dispatch(DELIVERY, close, RECEIVED))).isEqualTo(new Translation.Verify(
                new DispatchClaim("destroy_ephemeral_cluster", false, OCTO_API_42, Optional.empty(), Optional.empty(),
                        Optional.empty())));
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

        assertThat(renamed.translate(dispatch(DELIVERY,
                dispatchOf("pr_env_up", "{\"pr_number\": 1, \"repository\": \"api\", \"branch\": \"b\"}"), RECEIVED)))
                .isInstanceOfSatisfying(Translation.Verify.class, verify -> assertThat(verify.claim().create()).isTrue());
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
        assertRefused("{\"repository\": \"api\", \"branch\": \"main\"}", "client_payload.pr_number: is required");
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
}
