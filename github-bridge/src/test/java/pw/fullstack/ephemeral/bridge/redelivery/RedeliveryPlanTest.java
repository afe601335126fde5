package pw.fullstack.ephemeral.bridge.redelivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Which failed deliveries a pass asks GitHub to redeliver, from GitHub's listing alone (newest first, as it lists). */
class RedeliveryPlanTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final RedeliveryPlan.Limits LIMITS = new RedeliveryPlan.Limits(Duration.ofHours(72), 20, 3);
    private static final Predicate<String> NOTHING_PUBLISHED = guid -> false;
    private static final BiPredicate<String, Long> NOTHING_REQUESTED = (guid, id) -> false;

    @Test
    void aDeliveryTheBridgeAnswered503IsRedeliveredByItsAttempt() {
        HookDelivery failed = attempt(1, "close", 10, false, 503);

        RedeliveryPlan.Plan plan = plan(List.of(failed));

        assertThat(plan.redeliver()).containsExactly(failed);
    }

    @Test
    void anEventWithASuccessfulAttemptOrPublishedByThisInstanceIsHandled() {
        List<HookDelivery> redeliveredFine = List.of(attempt(2, "open", 5, true, 200), attempt(1, "open", 10, false, 503));
        List<HookDelivery> deliveredThenRedeliveredByHandInAnOutage = List.of(attempt(5, "sync", 5, true, 503),
                attempt(4, "sync", 10, false, 200));
        List<HookDelivery> publishedAfterThe503 = List.of(attempt(3, "close", 10, false, 503));

        assertThat(plan(redeliveredFine).redeliver()).isEmpty();
        assertThat(plan(deliveredThenRedeliveredByHandInAnOutage).redeliver()).isEmpty();
        assertThat(RedeliveryPlan.of(publishedAfterThe503, Set.of("close")::contains, NOTHING_REQUESTED, NOW, LIMITS).redeliver())
                .isEmpty();
    }

    @Test
    void noAnswerTimeoutsRateLimitsAndServerErrorsAreRetriedTheBridgesRefusalsAreNot() {
        List<HookDelivery> listed = List.of(attempt(1, "unreachable", 60, false, 0), attempt(2, "timeout", 59, false, 408),
                attempt(3, "limited", 58, false, 429), attempt(4, "bad-gateway", 57, false, 502),
                attempt(5, "invalid", 56, false, 400), attempt(6, "unsigned", 55, false, 401),
                attempt(7, "too-large", 54, false, 413));

        assertThat(plan(listed).redeliver()).extracting(HookDelivery::guid)
                .containsExactlyInAnyOrder("unreachable", "timeout", "limited", "bad-gateway");
    }

    @Test
    void onlyTheLatestAttemptIsRedeliveredOldestEventFirst() {
        HookDelivery olderEvent = attempt(1, "older", 30, false, 503);
        HookDelivery olderEventAgain = attempt(3, "older", 20, true, 503);
        HookDelivery newerEvent = attempt(2, "newer", 25, false, 503);

        RedeliveryPlan.Plan plan = plan(List.of(olderEventAgain, newerEvent, olderEvent));

        assertThat(plan.redeliver()).containsExactly(olderEventAgain, newerEvent);
    }

    @Test
    void aRequestedRedeliveryIsPendingUntilGitHubMakesItAndAFailedOneIsAskedForAgain() {
        HookDelivery failed = attempt(1, "close", 10, false, 503);
        HookDelivery failedAgain = attempt(2, "close", 5, true, 503);
        BiPredicate<String, Long> askedForTheFirst = (guid, id) -> guid.equals("close") && id == 1;

        RedeliveryPlan.Plan waiting = RedeliveryPlan.of(List.of(failed), NOTHING_PUBLISHED, askedForTheFirst, NOW, LIMITS);
        RedeliveryPlan.Plan again = RedeliveryPlan.of(List.of(failedAgain, failed), NOTHING_PUBLISHED, askedForTheFirst, NOW, LIMITS);

        assertThat(waiting.redeliver()).isEmpty();
        assertThat(waiting.pending()).containsExactly("close");
        assertThat(again.redeliver()).containsExactly(failedAgain);
    }

    @Test
    void anEventRedeliveredMaxRedeliveriesTimesWithoutSuccessIsAbandoned() {
        List<HookDelivery> listed = List.of(attempt(4, "close", 1, true, 503), attempt(3, "close", 2, true, 503),
                attempt(2, "close", 3, true, 503), attempt(1, "close", 4, false, 503));

        RedeliveryPlan.Plan plan = plan(listed);

        assertThat(plan.redeliver()).isEmpty();
        assertThat(plan.abandoned()).containsExactly("close");
        assertThat(plan(listed.subList(1, 4)).redeliver()).extracting(HookDelivery::id).containsExactly(3L);
    }

    @Test
    void deliveriesOlderThanGitHubRedeliversAreLeftAlone() {
        HookDelivery tooOld = new HookDelivery(1, "old", NOW.minus(Duration.ofHours(73)), false, "Invalid HTTP Response: 503",
                503, "pull_request", "closed");

        assertThat(plan(List.of(tooOld)).redeliver()).isEmpty();
    }

    @Test
    void onlyTheBridgesEventsCount() {
        HookDelivery issues = new HookDelivery(1, "issue", NOW.minusSeconds(60), false, "Invalid HTTP Response: 503", 503,
                "issues", "opened");
        HookDelivery ping = new HookDelivery(2, "ping", NOW.minusSeconds(60), false, "failed to connect", 0, "ping", null);
        HookDelivery dispatch = new HookDelivery(3, "dispatch", NOW.minusSeconds(60), false, "Invalid HTTP Response: 503", 503,
                "repository_dispatch", "delete_ephemeral_cluster");

        assertThat(plan(List.of(issues, ping, dispatch)).redeliver()).containsExactly(dispatch);
    }

    @Test
    void atMostMaxRequestsArePlannedTheRestDeferredOldestFirst() {
        List<HookDelivery> listed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            listed.add(attempt(i, "event-" + i, 100 - i, false, 503));
        }

        RedeliveryPlan.Plan plan = RedeliveryPlan.of(listed, NOTHING_PUBLISHED, NOTHING_REQUESTED, NOW,
                new RedeliveryPlan.Limits(Duration.ofHours(72), 2, 3));

        assertThat(plan.redeliver()).extracting(HookDelivery::guid).containsExactly("event-0", "event-1");
        assertThat(plan.deferred()).containsExactly("event-2", "event-3", "event-4");
    }

    private static RedeliveryPlan.Plan plan(List<HookDelivery> listed) {
        return RedeliveryPlan.of(listed, NOTHING_PUBLISHED, NOTHING_REQUESTED, NOW, LIMITS);
    }

    private static HookDelivery attempt(long id, String guid, int minutesAgo, boolean redelivery, int statusCode) {
        String status = statusCode == 200 ? "OK" : statusCode == 0 ? "failed to connect" : "Invalid HTTP Response: " + statusCode;
        return new HookDelivery(id, guid, NOW.minus(Duration.ofMinutes(minutesAgo)), redelivery, status, statusCode,
                "pull_request", "closed");
    }
}
