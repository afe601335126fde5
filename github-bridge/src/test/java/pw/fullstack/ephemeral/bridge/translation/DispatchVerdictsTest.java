package pw.fullstack.ephemeral.bridge.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pw.fullstack.ephemeral.bridge.translation.Translators.RECEIVED;
import static pw.fullstack.ephemeral.bridge.translation.Translators.dispatch;
import static pw.fullstack.ephemeral.bridge.translation.Translators.filters;
import static pw.fullstack.ephemeral.bridge.translation.Translators.translator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.bridge.GitHubPayloads;
import pw.fullstack.ephemeral.bridge.github.IssueEvent;
import pw.fullstack.ephemeral.bridge.github.PullRequestWebhook;
import pw.fullstack.ephemeral.bridge.github.PullRequestWebhook.Branch;
import pw.fullstack.ephemeral.bridge.github.PullRequestWebhook.Label;
import pw.fullstack.ephemeral.bridge.github.PullRequestWebhook.Repository;
import pw.fullstack.ephemeral.bridge.options.EnvironmentOptionRules;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.EventType;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.pr.BranchName;
import pw.fullstack.ephemeral.contracts.pr.CommitSha;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * What a dispatch means once GitHub answered about its PR: nothing is published that GitHub does not
 * confirm, and what is published is GitHub's (head, times, merge state), under an id named by the PR and
 * that time, so the same body sent again under another delivery id publishes the very same event.
 */
class DispatchVerdictsTest {

    private static final String REPO = "fullstack-pw/cks-backend";
    private static final PullRequestRef PR = PullRequestRef.of(REPO, 42);
    private static final String HEAD = "0123456789abcdef0123456789abcdef01234567";
    private static final String OTHER = "89abcdef0123456789abcdef0123456789abcdef";
    private static final Instant CREATED = Instant.parse("2026-11-28T09:00:00Z");
    private static final Instant CLOSED = Instant.parse("2026-11-28T09:30:00Z");
    private static final Instant REOPENED = Instant.parse("2026-11-28T09:40:07Z");

    @Test
    void anOpenPrIsOpenedWithGitHubsHeadAtItsCreationUnderAnIdNamedByThePrAndThatTime() {
        EventEnvelope<?> envelope = published(translator().confirm(create(), open(HEAD)));

        assertThat(envelope.data()).isEqualTo(new PrOpened(PR, ClusterNaming.defaults().clusterName(PR),
                BranchName.of("feature/login"), CommitSha.of(HEAD), EnvironmentOptionRules.none().forDispatch(PR.repository(),
                Optional.empty()), CREATED));
        assertThat(envelope.id()).isEqualTo(DeliveryIds.pullRequestEventId(PR, CREATED, EventType.PR_OPENED));
        assertThat(envelope.correlationId()).isEqualTo(envelope.id());
        assertThat(envelope.time().toInstant()).isEqualTo(CREATED);
    }

    @Test
    void theSameBodySentAgainUnderAnotherDeliveryIdAndLaterTranslatesToTheVerySameEvent() {
        ObjectNode body = GitHubPayloads.repositoryDispatch();
        body.put("action", "create_ephemeral_cluster");
        body.putObject("client_payload").put("pr_number", "42").put("repository", REPO).put("branch", "feature/login")
                .put("opened_at", "2030-01-01T00:00:00Z");
        DeliveryTranslator translator = translator();

        Translation first = translator.translate(dispatch("delivery-1", body, RECEIVED));
        Translation again = translator.translate(dispatch("delivery-2", body, RECEIVED.plusSeconds(3600)));

        EventEnvelope<?> published = published(translator.confirm(((Translation.Verify) first).claim(), open(HEAD)));
        assertThat(published(translator.confirm(((Translation.Verify) again).claim(), open(HEAD)))).isEqualTo(published);
        assertThat(((PrOpened) published.data()).openedAt()).as("GitHub's time, not the payload's").isEqualTo(CREATED);
    }

    @Test
    void aReopenedPrOpensAtItsLatestReopeningAtTheLastMillisecondOfItsSecondAsForWebhooks() {
        PullRequestOnGitHub reopened = new PullRequestOnGitHub.Found(pr("open", HEAD, REPO, false, List.of(), null),
                List.of(event("closed", CLOSED), event("reopened", CLOSED.plusSeconds(1)), event("closed", CLOSED.plusSeconds(2)),
                        event("reopened", REOPENED), event("labeled", REOPENED.plusSeconds(5))));

        PrOpened opened = (PrOpened) published(translator().confirm(create(), reopened)).data();

        assertThat(opened.openedAt()).isEqualTo(REOPENED.plusMillis(999));
    }

    @Test
    void withAnOptInLabelItsLatestLabellingOpensTooButNoOtherLabel() {
        Instant labelled = REOPENED.plusSeconds(60);
        PullRequestOnGitHub history = new PullRequestOnGitHub.Found(pr("open", HEAD, REPO, false, List.of("ephemeral-env"), null),
                List.of(event("reopened", REOPENED), labelled("Ephemeral-Env", labelled),
                        labelled("bug", labelled.plusSeconds(60))));

        assertThat(((PrOpened) published(translator(filters(Optional.of("ephemeral-env"), false, false))
                .confirm(create(), history)).data()).openedAt()).isEqualTo(labelled.plusMillis(999));
        assertThat(((PrOpened) published(translator().confirm(create(), history)).data()).openedAt())
                .as("without an opt-in label, labels do not open").isEqualTo(REOPENED.plusMillis(999));
    }

    @Test
    void aPrGitHubDoesNotHaveIsRefusedWithGitHubsReason() {
        assertThat(translator().confirm(create(), new PullRequestOnGitHub.Missing("GitHub has no pull request " + PR)))
                .isEqualTo(new Translation.Refuse("create_ephemeral_cluster", "GitHub has no pull request " + PR));
    }

    @Test
    void aClosedPrGetsNoEnvironmentAndAnOpenOneIsNotClosed() {
        assertThat(translator().confirm(create(), closed(false))).isEqualTo(new Translation.Refuse("create_ephemeral_cluster",
                PR + " is closed on GitHub: a closed pull request gets no environment"));
        assertThat(translator().confirm(destroy(), open(HEAD))).isEqualTo(new Translation.Refuse("delete_ephemeral_cluster",
                PR + " is open on GitHub: only a closed pull request's environment is given back"));
    }

    @Test
    void anotherHeadCommitOrBranchThanGitHubsIsRefused() {
        DispatchClaim olderHead = new DispatchClaim("create_ephemeral_cluster", true, PR, Optional.empty(),
                Optional.of(CommitSha.of(OTHER)), Optional.empty());
        DispatchClaim otherBranch = new DispatchClaim("create_ephemeral_cluster", true, PR, Optional.of(BranchName.of("main")),
                Optional.empty(), Optional.empty());

        assertThat(translator().confirm(olderHead, open(HEAD))).isEqualTo(new Translation.Refuse("create_ephemeral_cluster",
                "head_sha " + OTHER + " is not the head of " + PR + " on GitHub (" + HEAD + "): pushed since, or never its head"));
        assertThat(translator().confirm(otherBranch, open(HEAD))).isEqualTo(new Translation.Refuse("create_ephemeral_cluster",
                "branch main is not the head branch of " + PR + " on GitHub (feature/login)"));
        assertThat(translator().confirm(olderHead, open(OTHER))).isInstanceOf(Translation.Publish.class);
    }

    @Test
    void aPrFromAForkIsRefusedUnlessForksAreIncluded() {
        PullRequestOnGitHub fork = new PullRequestOnGitHub.Found(pr("open", HEAD, "mallory/cks-backend", false, List.of(), null),
                List.of());
        PullRequestOnGitHub deletedFork = new PullRequestOnGitHub.Found(pr("open", HEAD, null, false, List.of(), null), List.of());

        Translation.Refuse refused = new Translation.Refuse("create_ephemeral_cluster", PR + " comes from a fork"
                + " (bridge.filters.include-forks=false): its code gets no environment");
        assertThat(translator().confirm(create(), fork)).isEqualTo(refused);
        assertThat(translator().confirm(create(), deletedFork)).isEqualTo(refused);
        assertThat(translator(filters(Optional.empty(), false, true)).confirm(create(), fork))
                .isInstanceOf(Translation.Publish.class);
    }

    @Test
    void draftsAndPrsWithoutTheOptInLabelAreLeftAloneAsForWebhooks() {
        PullRequestOnGitHub draft = new PullRequestOnGitHub.Found(pr("open", HEAD, REPO, true, List.of(), null), List.of());

        assertThat(translator().confirm(create(), draft)).isEqualTo(new Translation.Ignore("create_ephemeral_cluster",
                "draft pull request (bridge.filters.include-drafts=false)"));
        assertThat(translator(filters(Optional.of("ephemeral-env"), false, false)).confirm(create(), open(HEAD)))
                .isEqualTo(new Translation.Ignore("create_ephemeral_cluster",
                        "pull request without the opt-in label (bridge.filters.label)"));
    }

    @Test
    void aRenamedOrTransferredRepositoryIsRefused() {
        PullRequestOnGitHub elsewhere = new PullRequestOnGitHub.Found(new PullRequestWebhook.PullRequest(42, "open", false, false,
                CREATED, CREATED, null, new Branch("feature/login", HEAD, repository("fullstack-pw/backend")),
                new Branch("main", OTHER, repository("fullstack-pw/backend")), List.of()), List.of());

        assertThat(translator().confirm(create(), elsewhere)).isInstanceOfSatisfying(Translation.Refuse.class,
                refused -> assertThat(refused.reason()).contains("fullstack-pw/backend"));
    }

    @Test
    void aClosedPrIsClosedAtGitHubsTimeWithGitHubsMergeStateUnderAnIdNamedByThePr() {
        EventEnvelope<?> envelope = published(translator().confirm(destroy(), closed(true)));

        assertThat(envelope.data()).isEqualTo(new PrClosed(PR, ClusterNaming.defaults().clusterName(PR), true, CLOSED));
        assertThat(envelope.id()).isEqualTo(DeliveryIds.pullRequestEventId(PR, CLOSED, EventType.PR_CLOSED));
    }

    @Test
    void theDispatchsPostgresAnswerOrElseTheRepositorysDefaultIsFollowed() {
        DeliveryTranslator withDefault = translator(filters(Optional.empty(), false, false),
                EnvironmentOptionRules.of(List.of(REPO), Optional.empty()));
        DispatchClaim sayingNo = new DispatchClaim("create_ephemeral_cluster", true, PR, Optional.empty(), Optional.empty(),
                Optional.of(false));

        assertThat(((PrOpened) published(withDefault.confirm(create(), open(HEAD))).data()).options().installPostgres()).isTrue();
        assertThat(((PrOpened) published(withDefault.confirm(sayingNo, open(HEAD))).data()).options().installPostgres()).isFalse();
    }

    @Test
    void aHeadBranchThatTheContractsRefuseIsInvalidEvenWhenGitHubHasIt() {
        PullRequestOnGitHub hostile = new PullRequestOnGitHub.Found(new PullRequestWebhook.PullRequest(42, "open", false, false,
                CREATED, CREATED, null, new Branch("x;$(id)", HEAD, repository(REPO)), new Branch("main", OTHER, repository(REPO)),
                List.of()), List.of());

        assertThatThrownBy(() -> translator().confirm(create(), hostile)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("branch: ");
    }

    private static DispatchClaim create() {
        return new DispatchClaim("create_ephemeral_cluster", true, PR, Optional.of(BranchName.of("feature/login")),
                Optional.empty(), Optional.empty());
    }

    private static DispatchClaim destroy() {
        return new DispatchClaim("delete_ephemeral_cluster", false, PR, Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static PullRequestOnGitHub open(String head) {
        return new PullRequestOnGitHub.Found(pr("open", head, REPO, false, List.of(), null), List.of());
    }

    private static PullRequestOnGitHub closed(boolean merged) {
        return new PullRequestOnGitHub.Found(new PullRequestWebhook.PullRequest(42, "closed", false, merged, CREATED, CLOSED,
                CLOSED, new Branch("feature/login", HEAD, repository(REPO)), new Branch("main", OTHER, repository(REPO)),
                List.of()), List.of());
    }

    private static PullRequestWebhook.PullRequest pr(String state, String head, String headRepository, boolean draft,
                                                     List<String> labels, Instant closedAt) {
        return new PullRequestWebhook.PullRequest(42, state, draft, false, CREATED, CREATED, closedAt,
                new Branch("feature/login", head, headRepository == null ? null : repository(headRepository)),
                new Branch("main", OTHER, repository(REPO)), labels.stream().map(Label::new).toList());
    }

    private static Repository repository(String fullName) {
        return new Repository(fullName.substring(fullName.indexOf('/') + 1), fullName, null);
    }

    private static IssueEvent event(String name, Instant at) {
        return new IssueEvent(name, at, null);
    }

    private static IssueEvent labelled(String label, Instant at) {
        return new IssueEvent("labeled", at, new Label(label));
    }

    private static EventEnvelope<? extends LifecycleEvent> published(Translation translation) {
        assertThat(translation).isInstanceOf(Translation.Publish.class);
        return ((Translation.Publish) translation).envelope();
    }
}
