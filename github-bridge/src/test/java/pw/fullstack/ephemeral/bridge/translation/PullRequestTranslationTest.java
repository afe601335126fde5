package pw.fullstack.ephemeral.bridge.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pw.fullstack.ephemeral.bridge.GitHubPayloads.head;
import static pw.fullstack.ephemeral.bridge.GitHubPayloads.pr;
import static pw.fullstack.ephemeral.bridge.translation.Translators.filters;
import static pw.fullstack.ephemeral.bridge.translation.Translators.pullRequest;
import static pw.fullstack.ephemeral.bridge.translation.Translators.translator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
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
import pw.fullstack.ephemeral.contracts.saga.SagaRun;
import pw.fullstack.ephemeral.contracts.events.PrUpdated;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.pr.BranchName;
import pw.fullstack.ephemeral.contracts.pr.CommitSha;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/** {@code pull_request} deliveries, from GitHub's documented example payloads (Codertocat/Hello-World#2). */
class PullRequestTranslationTest {

    private static final String DELIVERY = "72d3162e-cc78-11e3-81ab-4c9367dc0958";
    private static final PullRequestRef HELLO_WORLD_2 = PullRequestRef.of("Codertocat/Hello-World", 2);
    private static final String HEAD_SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
    private static final Instant CREATED = Instant.parse("2019-05-15T15:20:33Z");

    @Test
    void anOpenedPrStartsARunAtGitHubsCreationTimeWithAnIdDerivedFromTheDelivery() {
        EventEnvelope<?> envelope = published(translator().translate(pullRequest(DELIVERY, GitHubPayloads.pullRequest("opened"))));

        assertThat(envelope.data()).isEqualTo(new PrOpened(HELLO_WORLD_2, ClusterNaming.defaults().clusterName(HELLO_WORLD_2),
                BranchName.of("changes"), CommitSha.of(HEAD_SHA), EnvironmentOptions.defaults(), CREATED));
        assertThat(envelope.id()).isEqualTo(DeliveryIds.eventId(DELIVERY, EventType.PR_OPENED));
        assertThat(envelope.correlationId()).isEqualTo(envelope.id());
        assertThat(envelope.causationId()).isNull();
        assertThat(envelope.source()).isEqualTo(Translators.SOURCE);
        assertThat(envelope.time()).isEqualTo(CREATED.atOffset(ZoneOffset.UTC));
    }

    @Test
    void aRedeliveryPublishesTheVerySameEnvelopeAndAnotherDeliveryAnotherId() {
        ObjectNode payload = GitHubPayloads.pullRequest("opened");

        EventEnvelope<?> first = published(translator().translate(pullRequest(DELIVERY, payload)));
        EventEnvelope<?> redelivered = published(translator().translate(pullRequest(DELIVERY, payload)));
        EventEnvelope<?> other = published(translator().translate(pullRequest("another-delivery", payload)));

        assertThat(redelivered).isEqualTo(first);
        assertThat(other.id()).isNotEqualTo(first.id());
    }

    @Test
    void aReopenedPrStartsANewRunAtTheTimeOfTheReopen() {
        ObjectNode reopened = GitHubPayloads.pullRequest("reopened");
        pr(reopened).put("updated_at", "2019-05-15T16:00:00Z");

        PrOpened opened = (PrOpened) published(translator().translate(pullRequest(DELIVERY, reopened))).data();

        assertThat(opened.openedAt()).isEqualTo(Instant.parse("2019-05-15T16:00:00.999Z"));
    }

    @Test
    void aPrClosedAndReopenedWithinTheSameSecondStartsARunTheCloseDoesNotEndButALaterCloseDoes() {
        ObjectNode closed = GitHubPayloads.pullRequest("closed");
        pr(closed).put("closed_at", "2019-05-15T16:00:00Z");
        ObjectNode reopened = GitHubPayloads.pullRequest("reopened");
        pr(reopened).put("updated_at", "2019-05-15T16:00:00Z");
        ObjectNode closedAgain = GitHubPayloads.pullRequest("closed");
        pr(closedAgain).put("closed_at", "2019-05-15T16:00:01Z");

        PrClosed close = (PrClosed) published(translator().translate(pullRequest("close", closed))).data();
        EventEnvelope<?> reopen = published(translator().translate(pullRequest("reopen", reopened)));
        PrClosed laterClose = (PrClosed) published(translator().translate(pullRequest("close-again", closedAgain))).data();
        SagaRun run = new SagaRun(reopen.correlationId(), ((PrOpened) reopen.data()).openedAt());

        assertThat(run.endedByCloseAt(close.closedAt())).isFalse();
        assertThat(run.endedByCloseAt(laterClose.closedAt())).isTrue();
    }

    @Test
    void aClosedPrIsClosedAtGitHubsCloseTimeWhetherMergedOrNot() {
        ObjectNode closed = GitHubPayloads.pullRequest("closed");
        EventEnvelope<?> notMerged = published(translator().translate(pullRequest(DELIVERY, closed)));
        pr(closed).put("merged", true);
        EventEnvelope<?> merged = published(translator().translate(pullRequest("merged-delivery", closed)));

        assertThat(notMerged.data()).isEqualTo(new PrClosed(HELLO_WORLD_2, ClusterNaming.defaults().clusterName(HELLO_WORLD_2),
                false, Instant.parse("2019-05-15T15:21:18Z")));
        assertThat(((PrClosed) merged.data()).merged()).isTrue();
        assertThat(notMerged.correlationId()).as("about the PR, not a run").isEqualTo(notMerged.id());
        assertThat(notMerged.id()).isEqualTo(DeliveryIds.eventId(DELIVERY, EventType.PR_CLOSED));
    }

    @Test
    void aPushToThePrGivesPrUpdatedWithTheNewHead() {
        ObjectNode synchronize = GitHubPayloads.pullRequest("synchronize");
        head(synchronize).put("sha", "0123456789abcdef0123456789abcdef01234567");
        pr(synchronize).put("updated_at", "2019-05-15T15:30:00Z");

        EventEnvelope<?> envelope = published(translator().translate(pullRequest(DELIVERY, synchronize)));

        assertThat(envelope.data()).isEqualTo(new PrUpdated(HELLO_WORLD_2, ClusterNaming.defaults().clusterName(HELLO_WORLD_2),
                BranchName.of("changes"), CommitSha.of("0123456789abcdef0123456789abcdef01234567"),
                Instant.parse("2019-05-15T15:30:00Z")));
        assertThat(envelope.correlationId()).as("about the PR, not a run").isEqualTo(envelope.id());
    }

    @Test
    void draftsWaitUntilTheyAreReadyForReview() {
        ObjectNode draft = GitHubPayloads.pullRequest("opened");
        pr(draft).put("draft", true);
        ObjectNode pushToDraft = GitHubPayloads.pullRequest("synchronize");
        pr(pushToDraft).put("draft", true);
        ObjectNode ready = GitHubPayloads.pullRequest("ready_for_review");

        assertThat(ignored(translator().translate(pullRequest(DELIVERY, draft)))).contains("draft");
        assertThat(ignored(translator().translate(pullRequest("push", pushToDraft)))).contains("draft");
        PrOpened opened = (PrOpened) published(translator().translate(pullRequest("ready", ready))).data();
        assertThat(opened.openedAt()).isEqualTo(Instant.parse("2019-05-15T15:21:18Z"));
    }

    @Test
    void withDraftsIncludedADraftOpensAtOnceAndReadyForReviewChangesNothing() {
        ObjectNode draft = GitHubPayloads.pullRequest("opened");
        pr(draft).put("draft", true);
        var includingDrafts = translator(filters(Optional.empty(), true, false));

        assertThat(published(includingDrafts.translate(pullRequest(DELIVERY, draft))).data()).isInstanceOf(PrOpened.class);
        assertThat(ignored(includingDrafts.translate(pullRequest("ready", GitHubPayloads.pullRequest("ready_for_review")))))
                .contains("include-drafts");
    }

    @Test
    void prsFromForksAreSkippedUnlessIncludedButAlwaysClosed() {
        ObjectNode fromFork = GitHubPayloads.pullRequest("opened");
        ((ObjectNode) head(fromFork).get("repo")).put("full_name", "mallory/Hello-World");
        ObjectNode fromDeletedFork = GitHubPayloads.pullRequest("opened");
        head(fromDeletedFork).putNull("repo");
        ObjectNode closedFork = GitHubPayloads.pullRequest("closed");
        ((ObjectNode) head(closedFork).get("repo")).put("full_name", "mallory/Hello-World");

        assertThat(ignored(translator().translate(pullRequest(DELIVERY, fromFork)))).contains("fork");
        assertThat(ignored(translator().translate(pullRequest(DELIVERY, fromDeletedFork)))).contains("fork");
        assertThat(published(translator(filters(Optional.empty(), false, true)).translate(pullRequest(DELIVERY, fromFork)))
                .data()).isInstanceOf(PrOpened.class);
        assertThat(published(translator().translate(pullRequest(DELIVERY, closedFork))).data()).isInstanceOf(PrClosed.class);
    }

    @Test
    void withAnOptInLabelLabellingOpensAndUnlabellingClosesAtTheTimeOfTheChange() {
        var labelled = translator(filters(Optional.of("bug"), false, false));
        ObjectNode openedWithout = GitHubPayloads.pullRequest("opened");
        pr(openedWithout).putArray("labels");
        ObjectNode labeled = GitHubPayloads.pullRequest("labeled");
        ObjectNode unlabeled = GitHubPayloads.pullRequest("unlabeled");

        assertThat(ignored(labelled.translate(pullRequest(DELIVERY, openedWithout)))).contains("opt-in label");
        assertThat(published(labelled.translate(pullRequest("opened-with-label", GitHubPayloads.pullRequest("opened")))).data())
                .isInstanceOf(PrOpened.class);
        PrOpened opened = (PrOpened) published(labelled.translate(pullRequest("labeled", labeled))).data();
        assertThat(opened.openedAt()).isEqualTo(Instant.parse("2019-05-15T15:20:35.999Z"));
        PrClosed closed = (PrClosed) published(labelled.translate(pullRequest("unlabeled", unlabeled))).data();
        assertThat(closed.closedAt()).isEqualTo(Instant.parse("2019-05-15T15:20:36Z"));
        assertThat(closed.merged()).isFalse();
    }

    @Test
    void otherLabelsAndLabellingAClosedPrChangeNothing() {
        var labelled = translator(filters(Optional.of("ephemeral-env"), false, false));
        ObjectNode labeledClosed = GitHubPayloads.pullRequest("labeled");
        pr(labeledClosed).put("state", "closed");
        ((ObjectNode) labeledClosed.get("label")).put("name", "Ephemeral-Env");

        assertThat(ignored(labelled.translate(pullRequest(DELIVERY, GitHubPayloads.pullRequest("labeled"))))).contains("opt-in");
        assertThat(ignored(labelled.translate(pullRequest(DELIVERY, GitHubPayloads.pullRequest("unlabeled"))))).contains("opt-in");
        assertThat(ignored(labelled.translate(pullRequest(DELIVERY, labeledClosed)))).contains("not open");
        assertThat(ignored(translator().translate(pullRequest(DELIVERY, GitHubPayloads.pullRequest("labeled"))))).contains("opt-in");
    }

    @Test
    void aPrGetsPostgresFromItsRepositorysDefaultOrFromThePostgresLabelWhateverItsCase() {
        var rules = translator(filters(Optional.empty(), false, false),
                EnvironmentOptionRules.of(List.of("octo-org/*"), Optional.of("ephemeral-postgres")));
        ObjectNode plain = GitHubPayloads.pullRequest("opened");
        ObjectNode labelled = GitHubPayloads.pullRequest("opened");
        labels(labelled, "bug", "Ephemeral-Postgres");
        ObjectNode ofADatabaseRepository = GitHubPayloads.moved(GitHubPayloads.pullRequest("opened"), "octo-org/writer-app", 7);

        assertThat(openedOptions(rules.translate(pullRequest(DELIVERY, plain))).installPostgres()).isFalse();
        assertThat(openedOptions(rules.translate(pullRequest(DELIVERY, labelled))).installPostgres()).isTrue();
        assertThat(openedOptions(rules.translate(pullRequest(DELIVERY, ofADatabaseRepository))).installPostgres()).isTrue();
        assertThat(openedOptions(translator().translate(pullRequest(DELIVERY, labelled))).installPostgres())
                .as("without the label setting a label is just a label").isFalse();
    }

    @Test
    void labellingAnOpenPrWithThePostgresLabelStartsARunThatAsksForPostgresAtTheTimeOfTheLabelling() {
        var rules = translator(filters(Optional.empty(), false, false), postgresLabel());
        ObjectNode labeled = postgresLabelled("labeled");

        PrOpened opened = (PrOpened) published(rules.translate(pullRequest(DELIVERY, labeled))).data();

        assertThat(opened.options().installPostgres()).isTrue();
        assertThat(opened.openedAt()).as("after a close in the same second").isEqualTo(Instant.parse("2019-05-15T15:20:35.999Z"));
        assertThat(opened.headSha()).isEqualTo(CommitSha.of(HEAD_SHA));
    }

    @Test
    void thePostgresLabelOpensNothingForAClosedPrAPrTheFiltersSkipOrARepositoryWithPostgresAnyway() {
        ObjectNode onAClosedPr = postgresLabelled("labeled");
        pr(onAClosedPr).put("state", "closed");
        ObjectNode onADraft = postgresLabelled("labeled");
        pr(onADraft).put("draft", true);
        var optInRequired = translator(filters(Optional.of("ephemeral-env"), false, false), postgresLabel());
        var postgresAnyway = translator(filters(Optional.empty(), false, false),
                EnvironmentOptionRules.of(List.of("codertocat/hello-world"), Optional.of("ephemeral-postgres")));
        var rules = translator(filters(Optional.empty(), false, false), postgresLabel());

        assertThat(ignored(rules.translate(pullRequest(DELIVERY, onAClosedPr)))).contains("not open");
        assertThat(ignored(rules.translate(pullRequest(DELIVERY, onADraft)))).contains("draft");
        assertThat(ignored(optInRequired.translate(pullRequest(DELIVERY, postgresLabelled("labeled"))))).contains("opt-in label");
        assertThat(ignored(postgresAnyway.translate(pullRequest(DELIVERY, postgresLabelled("labeled")))))
                .contains("bridge.install-postgres.repositories");
    }

    @Test
    void removingThePostgresLabelTakesEffectWithThePrsNextEnvironment() {
        var rules = translator(filters(Optional.empty(), false, false), postgresLabel());
        ObjectNode unlabeled = postgresLabelled("unlabeled");
        labels(unlabeled);
        ObjectNode reopened = GitHubPayloads.pullRequest("reopened");
        labels(reopened);

        assertThat(ignored(rules.translate(pullRequest(DELIVERY, unlabeled)))).contains("next environment");
        assertThat(openedOptions(rules.translate(pullRequest(DELIVERY, reopened))).installPostgres()).isFalse();
    }

    @Test
    void actionsThatDoNotChangeTheEnvironmentAreIgnored() {
        Translation translation = translator().translate(pullRequest(DELIVERY, GitHubPayloads.pullRequest("assigned")));

        assertThat(translation).isEqualTo(new Translation.Ignore("assigned", "action not handled"));
    }

    @Test
    void repositoriesOffTheAllowListAreIgnoredEvenWhenClosed() {
        ObjectNode closed = GitHubPayloads.pullRequest("closed", "someone-else/Hello-World", 2);

        assertThat(ignored(translator().translate(pullRequest(DELIVERY, closed)))).contains("bridge.filters.repositories");
    }

    @Test
    void theClusterIsNamedByTheConfiguredNaming() {
        ObjectNode opened = GitHubPayloads.pullRequest("opened", "fullstack-pw/cks-backend", 42);

        assertThat(published(translator().translate(pullRequest(DELIVERY, opened))).subject()).isEqualTo("pr-cksbackend-42");
    }

    @Test
    void aHostileBranchIsRefusedWithTheContractsMessageAndNothingRaw() {
        ObjectNode opened = GitHubPayloads.pullRequest("opened");
        head(opened).put("ref", "feat/$(curl evil)\nkind: Secret");

        assertThatThrownBy(() -> translator().translate(pullRequest(DELIVERY, opened)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("branch: ")
                .hasMessageContaining("\\u000a")
                .hasMessageNotContaining("\n");
    }

    @Test
    void numbersAndRepositoriesGitHubWouldNotSendAreRefused() {
        ObjectNode zero = GitHubPayloads.pullRequest("opened", "Codertocat/Hello-World", 2);
        pr(zero).put("number", 0);
        ObjectNode spaced = GitHubPayloads.pullRequest("opened");
        ((ObjectNode) spaced.get("repository")).put("full_name", "Codertocat/Hello World");

        assertThatThrownBy(() -> translator().translate(pullRequest(DELIVERY, zero)))
                .hasMessage("pull request number: 0 is out of range (1..99999999)");
        assertThatThrownBy(() -> translator().translate(pullRequest(DELIVERY, spaced)))
                .hasMessageStartingWith("repository name: \"Hello World\"");
    }

    @Test
    void aMissingTimeIsRefusedNamingTheField() {
        ObjectNode opened = GitHubPayloads.pullRequest("opened");
        pr(opened).remove("created_at");

        assertThatThrownBy(() -> translator().translate(pullRequest(DELIVERY, opened)))
                .hasMessage("pull_request.created_at: is required");
    }

    @Test
    void aFieldOfTheWrongTypeIsRefusedByItsPathWithoutQuotingTheValue() {
        ObjectNode opened = GitHubPayloads.pullRequest("opened");
        pr(opened).put("number", "<script>alert(1)</script>");
        ObjectNode badTime = GitHubPayloads.pullRequest("opened");
        pr(badTime).put("created_at", "yesterday<script>");

        assertThatThrownBy(() -> translator().translate(pullRequest(DELIVERY, opened)))
                .hasMessage("pull_request.number: has the wrong type or format");
        assertThatThrownBy(() -> translator().translate(pullRequest(DELIVERY, badTime)))
                .hasMessage("pull_request.created_at: has the wrong type or format");
    }

    private static EventEnvelope<? extends LifecycleEvent> published(Translation translation) {
        assertThat(translation).isInstanceOf(Translation.Publish.class);
        return ((Translation.Publish) translation).envelope();
    }

    private static EnvironmentOptions openedOptions(Translation translation) {
        return ((PrOpened) published(translation).data()).options();
    }

    private static EnvironmentOptionRules postgresLabel() {
        return EnvironmentOptionRules.of(List.of(), Optional.of("ephemeral-postgres"));
    }

    /** GitHub's example of the action, about the Postgres label (the only label the PR then carries). */
    private static ObjectNode postgresLabelled(String action) {
        ObjectNode payload = GitHubPayloads.pullRequest(action);
        ((ObjectNode) payload.get("label")).put("name", "ephemeral-postgres");
        labels(payload, "ephemeral-postgres");
        return payload;
    }

    private static void labels(ObjectNode payload, String... names) {
        var labels = pr(payload).putArray("labels");
        for (String name : names) {
            labels.addObject().put("name", name);
        }
    }

    private static String ignored(Translation translation) {
        assertThat(translation).isInstanceOf(Translation.Ignore.class);
        return ((Translation.Ignore) translation).reason();
    }
}
