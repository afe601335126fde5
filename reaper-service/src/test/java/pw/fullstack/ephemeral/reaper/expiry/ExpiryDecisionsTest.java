package pw.fullstack.ephemeral.reaper.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.events.ExpiryReason;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.reaper.expiry.Verdict.Kind;
import pw.fullstack.ephemeral.reaper.expiry.Verdict.Status;
import pw.fullstack.ephemeral.reaper.history.PrHistory;
import pw.fullstack.ephemeral.reaper.tools.ClusterAnnotations;

class ExpiryDecisionsTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final Duration GRACE = Duration.ofHours(1);
    private static final Duration MAX = Duration.ofDays(3);
    private static final Duration SETTLE = Duration.ofMinutes(15);
    private static final Duration CAP = Duration.ofDays(7);
    private static final ExpiryDecisions DECISIONS = new ExpiryDecisions(
            ExpiryPolicy.of(Duration.ofMinutes(1), GRACE, MAX, SETTLE, CAP), ClusterNaming.defaults());

    /** A world built up by each test; {@code at(...)} is the controllable clock. */
    private static final class Given {
        final List<ObservedCluster> clusters = new java.util.ArrayList<>();
        final Set<String> namespaces = new java.util.HashSet<>();
        final Map<String, Object> map = new LinkedHashMap<>();
        final Map<String, AllocatorRecord> records = new HashMap<>();
        final Map<String, PrHistory> histories = new HashMap<>();
        Map<String, Instant> suspects = new HashMap<>();
        boolean mapAbsent;

        Given cluster(String name, String run, Instant openedAt, Instant createdAt, String... extra) {
            Map<String, String> annotations = new HashMap<>();
            annotations.put(ClusterAnnotations.CORRELATION_ID, run);
            annotations.put(ClusterAnnotations.OPENED_AT, openedAt.toString());
            annotations.put(ClusterAnnotations.PROVISIONING_STARTED, createdAt.toString());
            annotations.put(ClusterAnnotations.REPOSITORY, "fullstack-pw/demo-apps");
            annotations.put(ClusterAnnotations.PR_NUMBER, name.substring(name.lastIndexOf('-') + 1));
            annotations.put(ClusterAnnotations.ADDRESSES, "192.168.1.140,192.168.1.141");
            for (int i = 0; i < extra.length; i += 2) {
                annotations.put(extra[i], extra[i + 1]);
            }
            clusters.add(new ObservedCluster(name, name, ours(), annotations, createdAt, false));
            namespaces.add(name);
            return this;
        }

        Given allocated(String name, String... addresses) {
            for (String address : addresses) {
                map.put(address, name);
            }
            return this;
        }

        Given record(String name, String saga, Instant openedAt, Instant closedAt) {
            records.put(name, new AllocatorRecord(saga, saga == null ? null : "fullstack-pw/demo-apps#" + number(name),
                    openedAt, openedAt, closedAt, null, null));
            return this;
        }

        Given closed(String name, Instant closedAt) {
            histories.merge(name, PrHistory.none(name).closed("fullstack-pw/demo-apps#" + number(name), closedAt, false, "close-" + closedAt),
                    (a, b) -> a.closed("fullstack-pw/demo-apps#" + number(name), closedAt, false, "close-" + closedAt));
            return this;
        }

        Given opened(String name, Instant openedAt) {
            histories.merge(name, PrHistory.none(name).opened("fullstack-pw/demo-apps#" + number(name), openedAt, "open-" + openedAt),
                    (a, b) -> a.opened("fullstack-pw/demo-apps#" + number(name), openedAt, "open-" + openedAt));
            return this;
        }

        Decision at(Instant now) {
            return DECISIONS.decide(new World(now, clusters, namespaces, mapAbsent ? Allocations.fromVault(null)
                    : Allocations.fromVault(map), records, histories, suspects));
        }

        /** Runs a pass at {@code now} and keeps the suspicions it stored, as the pass does in Vault. */
        Decision passAt(Instant now) {
            Decision decision = at(now);
            suspects = new HashMap<>(decision.suspects());
            return decision;
        }

        private static String number(String name) {
            return name.substring(name.lastIndexOf('-') + 1);
        }
    }

    private static Map<String, String> ours() {
        return Map.of(ClusterAnnotations.EPHEMERAL, "true", ClusterAnnotations.MANAGED_BY, ClusterAnnotations.MANAGER);
    }

    private static Verdict verdict(Decision decision, String name) {
        return decision.verdicts().stream().filter(v -> v.cluster().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theGracePeriodCountsFromTheCloseAndTheExpiryNamesTheRunThatOwnsTheCluster() {
        Instant closedAt = T0.plus(Duration.ofHours(2));
        Given given = new Given().cluster("pr-demoapps-1", "run-a", T0, T0.plusSeconds(5))
                .allocated("pr-demoapps-1", "192.168.1.140", "192.168.1.141")
                .record("pr-demoapps-1", "run-a", T0, null)
                .closed("pr-demoapps-1", closedAt);

        Decision before = given.at(closedAt.plus(GRACE).minusSeconds(1));
        assertThat(before.due()).isEmpty();
        assertThat(verdict(before, "pr-demoapps-1")).satisfies(v -> {
            assertThat(v.status()).isEqualTo(Status.PENDING);
            assertThat(v.reason()).isEqualTo(ExpiryReason.GRACE_PERIOD_ELAPSED);
            assertThat(v.deadline()).isEqualTo(closedAt.plus(GRACE));
            assertThat(v.evidence()).anyMatch(e -> e.contains("PR closed at " + closedAt));
        });

        Decision after = given.at(closedAt.plus(GRACE));
        assertThat(after.due()).singleElement().satisfies(expiry -> {
            assertThat(expiry.runId()).isEqualTo("run-a");
            assertThat(expiry.reason()).isEqualTo(ExpiryReason.GRACE_PERIOD_ELAPSED);
            assertThat(expiry.deadline()).isEqualTo(closedAt.plus(GRACE));
            assertThat(expiry.pullRequest()).hasToString("fullstack-pw/demo-apps#1");
            assertThat(expiry.event().clusterName().value()).isEqualTo("pr-demoapps-1");
        });
    }

    @Test
    void aCloseSeenBeforeTheClusterExistedExpiresItOnceItAppears() {
        Instant closedAt = T0.plusSeconds(30);
        Given given = new Given().allocated("pr-demoapps-2", "192.168.1.142")
                .record("pr-demoapps-2", "run-a", T0, null)
                .closed("pr-demoapps-2", closedAt);
        assertThat(given.at(closedAt.plus(GRACE).plusSeconds(10)).due()).as("no cluster yet: nothing to expire by grace")
                .noneMatch(e -> e.reason() == ExpiryReason.GRACE_PERIOD_ELAPSED);

        given.cluster("pr-demoapps-2", "run-a", T0, closedAt.plus(GRACE).plusSeconds(20));

        assertThat(given.at(closedAt.plus(GRACE).plusSeconds(21)).due()).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo(ExpiryReason.GRACE_PERIOD_ELAPSED));
    }

    @Test
    void aReopenAfterTheCloseCancelsThePendingExpiryBeforeTheNewRunHasAdoptedTheCluster() {
        Instant closedAt = T0.plus(Duration.ofHours(1));
        Instant reopenedAt = closedAt.plusSeconds(60);
        Given given = new Given().cluster("pr-demoapps-3", "run-a", T0, T0)
                .allocated("pr-demoapps-3", "192.168.1.143")
                .record("pr-demoapps-3", "run-a", T0, closedAt)
                .closed("pr-demoapps-3", closedAt)
                .opened("pr-demoapps-3", reopenedAt);

        Decision decision = given.at(closedAt.plus(GRACE).plusSeconds(1));

        assertThat(decision.due()).isEmpty();
        assertThat(verdict(decision, "pr-demoapps-3")).satisfies(v -> {
            assertThat(v.reason()).isEqualTo(ExpiryReason.MAX_LIFETIME_REACHED);
            assertThat(v.evidence()).anyMatch(e -> e.startsWith("reopened at " + reopenedAt));
        });
    }

    @Test
    void anEarlierCloseNeverExpiresTheClusterOfARunOpenedAfterIt() {
        Instant closedAt = T0;
        Instant reopenedAt = T0.plusSeconds(10);
        // the provisioner already handed the cluster to the new run; the reaper never saw its PrOpened
        Given given = new Given().cluster("pr-demoapps-4", "run-b", reopenedAt, T0.minusSeconds(600))
                .allocated("pr-demoapps-4", "192.168.1.144")
                .closed("pr-demoapps-4", closedAt);

        assertThat(given.at(closedAt.plus(GRACE).plus(GRACE)).due()).isEmpty();
    }

    @Test
    void theAllocatorsRecordedCloseCountsWhenTheReaperHasNotRecordedOne() {
        Instant closedAt = T0.plusSeconds(100);
        Given given = new Given().cluster("pr-demoapps-5", "run-a", T0, T0)
                .allocated("pr-demoapps-5", "192.168.1.145")
                .record("pr-demoapps-5", "run-a", T0, closedAt);

        assertThat(given.at(closedAt.plus(GRACE)).due()).singleElement()
                .satisfies(e -> assertThat(e.deadline()).isEqualTo(closedAt.plus(GRACE)));
    }

    @Test
    void maxLifetimeCountsFromTheFirstApplyEvenAfterAReopenedRunAdoptedTheCluster() {
        Instant created = T0;
        Instant adoptedRunOpened = T0.plus(Duration.ofDays(2));
        Given given = new Given().cluster("pr-demoapps-6", "run-b", adoptedRunOpened, created)
                .allocated("pr-demoapps-6", "192.168.1.146")
                .closed("pr-demoapps-6", T0.plus(Duration.ofDays(1)));

        assertThat(given.at(created.plus(MAX).minusMillis(1)).due()).isEmpty();
        assertThat(given.at(created.plus(MAX)).due()).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(ExpiryReason.MAX_LIFETIME_REACHED);
            assertThat(e.runId()).isEqualTo("run-b");
            assertThat(e.deadline()).isEqualTo(created.plus(MAX));
        });
    }

    @Test
    void theEarlierOfGraceAndMaxLifetimeDecides() {
        Instant created = T0;
        Instant closedAt = created.plus(MAX).minusSeconds(60);
        Given given = new Given().cluster("pr-demoapps-7", "run-a", T0, created)
                .allocated("pr-demoapps-7", "192.168.1.147")
                .closed("pr-demoapps-7", closedAt);

        Verdict verdict = verdict(given.at(closedAt), "pr-demoapps-7");

        assertThat(verdict.reason()).isEqualTo(ExpiryReason.MAX_LIFETIME_REACHED);
        assertThat(verdict.deadline()).isEqualTo(created.plus(MAX));
    }

    @Test
    void keepUntilPostponesTheExpiryUpToTheCapAndPastTheCapItExpiresAnyway() {
        Instant closedAt = T0;
        Instant deadline = closedAt.plus(GRACE);
        Instant keepUntil = deadline.plus(Duration.ofDays(2));
        Given kept = new Given().cluster("pr-demoapps-8", "run-a", T0.minusSeconds(60), T0.minusSeconds(60),
                        ClusterAnnotations.KEEP_UNTIL, "2026-11-30T12:00:00+01:00")
                .allocated("pr-demoapps-8", "192.168.1.148")
                .closed("pr-demoapps-8", closedAt);
        assertThat(keepUntil).isEqualTo(Instant.parse("2026-11-30T11:00:00Z"));

        assertThat(kept.at(keepUntil.minusSeconds(1)).due()).isEmpty();
        assertThat(verdict(kept.at(deadline), "pr-demoapps-8")).satisfies(v -> {
            assertThat(v.deadline()).isEqualTo(keepUntil);
            assertThat(v.keptUntil()).isEqualTo(keepUntil);
        });
        assertThat(kept.at(keepUntil).due()).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(ExpiryReason.GRACE_PERIOD_ELAPSED);
            assertThat(e.deadline()).isEqualTo(keepUntil);
        });

        Given keptTooLong = new Given().cluster("pr-demoapps-9", "run-a", T0.minusSeconds(60), T0.minusSeconds(60),
                        ClusterAnnotations.KEEP_UNTIL, "2027-06-01T00:00:00Z")
                .allocated("pr-demoapps-9", "192.168.1.149")
                .closed("pr-demoapps-9", closedAt);
        assertThat(keptTooLong.at(deadline.plus(CAP).minusSeconds(1)).due()).isEmpty();
        assertThat(keptTooLong.at(deadline.plus(CAP)).due()).singleElement()
                .satisfies(e -> assertThat(e.deadline()).isEqualTo(deadline.plus(CAP)));
    }

    @Test
    void aKeepUntilThatIsNotAnRfc3339TimeIsIgnoredWithEvidence() {
        Given given = new Given().cluster("pr-demoapps-11", "run-a", T0, T0, ClusterAnnotations.KEEP_UNTIL, "next friday")
                .allocated("pr-demoapps-11", "192.168.1.140")
                .closed("pr-demoapps-11", T0);

        Decision decision = given.at(T0.plus(GRACE));

        assertThat(decision.due()).hasSize(1);
        assertThat(verdict(decision, "pr-demoapps-11").evidence()).anyMatch(e -> e.contains("\"next friday\" is not an RFC 3339 time"));
    }

    @Test
    void clustersWhoseTeardownStartedAreLeftAlone() {
        Given given = new Given().cluster("pr-demoapps-12", "run-a", T0, T0,
                        ClusterAnnotations.TEARDOWN_REQUESTED, T0.plusSeconds(5).toString(), ClusterAnnotations.TEARDOWN_REASON, "expired")
                .allocated("pr-demoapps-12", "192.168.1.140")
                .closed("pr-demoapps-12", T0);

        Decision decision = given.at(T0.plus(MAX));

        assertThat(decision.due()).isEmpty();
        assertThat(verdict(decision, "pr-demoapps-12").status()).isEqualTo(Status.TEARING_DOWN);
    }

    @Test
    void clustersWithoutARunOrWithANameThatIsNotTheirPullRequestsAreNeverTouched() {
        Given given = new Given().cluster("pr-demoapps-13", "run-a", T0, T0, ClusterAnnotations.CORRELATION_ID, "")
                .cluster("pr-demoapps-14", "run-b", T0, T0, ClusterAnnotations.PR_NUMBER, "15")
                .allocated("pr-demoapps-13", "192.168.1.140").allocated("pr-demoapps-14", "192.168.1.141")
                .closed("pr-demoapps-13", T0).closed("pr-demoapps-14", T0);
        given.clusters.add(new ObservedCluster("k3s-test", "k3s-test", Map.of(), Map.of(), T0.minus(Duration.ofDays(300)), false));

        Decision decision = given.at(T0.plus(MAX).plus(MAX));

        assertThat(decision.due()).isEmpty();
        assertThat(verdict(decision, "pr-demoapps-13").status()).isEqualTo(Status.NEEDS_ATTENTION);
        assertThat(verdict(decision, "pr-demoapps-14").evidence()).anyMatch(e -> e.contains("not what the naming rules derive"));
        assertThat(decision.verdicts()).noneMatch(v -> v.cluster().equals("k3s-test"));
    }

    @Test
    void anAddressTheSeedsToolingWroteIsGivenBackAfterTheSettleTimeWithADerivedRunAndPullRequest() {
        Given given = new Given().allocated("pr-cksbackend-42", "192.168.1.147");

        Decision first = given.passAt(T0);
        assertThat(first.due()).isEmpty();
        assertThat(verdict(first, "pr-cksbackend-42")).satisfies(v -> {
            assertThat(v.kind()).isEqualTo(Kind.ADDRESS);
            assertThat(v.status()).isEqualTo(Status.PENDING);
            assertThat(v.deadline()).isEqualTo(T0.plus(SETTLE));
        });
        assertThat(given.passAt(T0.plus(SETTLE).minusSeconds(1)).due()).isEmpty();

        Decision settled = given.passAt(T0.plus(SETTLE));

        assertThat(settled.due()).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(ExpiryReason.ORPHAN);
            assertThat(e.kind()).isEqualTo(Kind.ADDRESS);
            assertThat(e.pullRequest()).hasToString("fullstack-pw/cks-backend#42");
            assertThat(e.runId()).isEqualTo(ExpiryDecisions.runIdWithoutMetadata("pr-cksbackend-42", List.of("192.168.1.147")));
            assertThat(e.deadline()).isEqualTo(T0.plus(SETTLE));
            assertThat(e.evidence()).anyMatch(x -> x.contains("no run metadata"))
                    .anyMatch(x -> x.contains("no Cluster and no Namespace named pr-cksbackend-42"));
        });
    }

    @Test
    void namesAreComparedWholeNeverBySubstring() {
        Given given = new Given()
                .cluster("pr-demoapps-10", "run-ten", T0, T0).allocated("pr-demoapps-10", "192.168.1.140")
                .allocated("pr-demoapps-1", "192.168.1.141");
        given.namespaces.add("pr-demoapps-100");

        given.passAt(T0);
        Decision decision = given.passAt(T0.plus(SETTLE));

        assertThat(decision.due()).singleElement().satisfies(e -> assertThat(e.cluster().value()).isEqualTo("pr-demoapps-1"));

        Given reverse = new Given().cluster("pr-demoapps-1", "run-one", T0, T0).allocated("pr-demoapps-10", "192.168.1.140");
        reverse.passAt(T0);
        assertThat(reverse.passAt(T0.plus(SETTLE)).due()).extracting(e -> e.cluster().value() + "/" + e.kind())
                .containsExactlyInAnyOrder("pr-demoapps-1/CLUSTER", "pr-demoapps-10/ADDRESS");
    }

    @Test
    void anAddressOfALiveRunIsNotAnOrphanWhileItsClusterIsStillToCome() {
        Given given = new Given().allocated("pr-demoapps-20", "192.168.1.140").record("pr-demoapps-20", "run-a", T0, null);

        given.passAt(T0);
        Decision decision = given.passAt(T0.plus(Duration.ofDays(1)));

        assertThat(decision.due()).isEmpty();
        assertThat(decision.suspects()).isEmpty();
        assertThat(verdict(decision, "pr-demoapps-20").status()).isEqualTo(Status.HELD);
    }

    @Test
    void anAddressWhoseRunWasEndedByACloseIsGivenBackForThatRun() {
        Instant closedAt = T0.plusSeconds(5);
        Given given = new Given().allocated("pr-demoapps-21", "192.168.1.140").record("pr-demoapps-21", "run-a", T0, null)
                .closed("pr-demoapps-21", closedAt);

        given.passAt(T0.plusSeconds(10));
        Decision decision = given.passAt(T0.plusSeconds(10).plus(SETTLE));

        assertThat(decision.due()).singleElement().satisfies(e -> {
            assertThat(e.runId()).isEqualTo("run-a");
            assertThat(e.reason()).isEqualTo(ExpiryReason.ORPHAN);
        });
    }

    @Test
    void anAddressIsHeldWhenThePrWasReopenedOrIsOpenWithoutRunMetadataYetOrTheBlockWasReassigned() {
        Given reopened = new Given().allocated("pr-demoapps-22", "192.168.1.140").record("pr-demoapps-22", "run-a", T0, T0.plusSeconds(5))
                .opened("pr-demoapps-22", T0.plusSeconds(9));
        Given openWithoutRecord = new Given().allocated("pr-demoapps-23", "192.168.1.141").opened("pr-demoapps-23", T0);
        Given reassigned = new Given().allocated("pr-demoapps-24", "192.168.1.142");
        reassigned.records.put("pr-demoapps-24", new AllocatorRecord("run-old", "fullstack-pw/demo-apps#24", T0, T0,
                T0.plusSeconds(1), T0.plusSeconds(2), "192.168.1.142"));

        for (Given given : List.of(reopened, openWithoutRecord, reassigned)) {
            given.passAt(T0);
            Decision decision = given.passAt(T0.plus(SETTLE).plus(SETTLE));
            assertThat(decision.due()).isEmpty();
            assertThat(decision.verdicts()).singleElement().satisfies(v -> assertThat(v.status()).isEqualTo(Status.HELD));
        }
    }

    @Test
    void anAddressIsHeldWhileAnyClusterOrNamespaceOfThatNameExistsEvenWithoutOurLabels() {
        Given given = new Given().allocated("pr-demoapps-25", "192.168.1.140").allocated("pr-demoapps-26", "192.168.1.141");
        given.clusters.add(new ObservedCluster("pr-demoapps-25", "pr-demoapps-25", Map.of(), Map.of(), T0, false));
        given.namespaces.add("pr-demoapps-26");

        given.passAt(T0);
        Decision decision = given.passAt(T0.plus(SETTLE).plus(SETTLE));

        assertThat(decision.due()).isEmpty();
        assertThat(decision.verdicts()).extracting(Verdict::status).containsOnly(Status.HELD);
    }

    @Test
    void aClusterOfOursWithNoAllocationIsAnOrphanAfterTheSettleTime() {
        Given given = new Given().cluster("pr-demoapps-27", "run-a", T0, T0);

        assertThat(given.passAt(T0).due()).isEmpty();
        Decision decision = given.passAt(T0.plus(SETTLE));

        assertThat(decision.due()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.CLUSTER);
            assertThat(e.runId()).isEqualTo("run-a");
            assertThat(e.reason()).isEqualTo(ExpiryReason.ORPHAN);
            assertThat(e.evidence()).anyMatch(x -> x.contains("no entry for pr-demoapps-27 in the allocation map"));
        });
    }

    /** A {@code vault kv delete} of the map, or a wrong path: no evidence that nobody holds anything. */
    @Test
    void withoutTheAllocationMapNoClusterIsAnOrphanButItsDeadlinesStillApply() {
        Given given = new Given().cluster("pr-demoapps-27", "run-a", T0, T0)
                .cluster("pr-demoapps-29", "run-b", T0, T0).closed("pr-demoapps-29", T0);
        given.mapAbsent = true;

        given.passAt(T0);
        Decision decision = given.passAt(T0.plus(SETTLE).plus(GRACE));

        assertThat(decision.due()).singleElement().satisfies(e -> {
            assertThat(e.cluster().value()).isEqualTo("pr-demoapps-29");
            assertThat(e.reason()).isEqualTo(ExpiryReason.GRACE_PERIOD_ELAPSED);
        });
        assertThat(decision.suspects()).isEmpty();
        assertThat(verdict(decision, "pr-demoapps-27").evidence()).anyMatch(x -> x.contains("the allocation map is absent"));
        assertThat(decision.withheld()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("allocation map is absent").contains("2 cluster(s)"));

        given.mapAbsent = false;
        Decision back = given.passAt(T0.plus(SETTLE).plus(GRACE).plusSeconds(1));
        assertThat(back.withheld()).isEmpty();
        assertThat(back.suspects()).as("an empty map that is there is evidence: the suspicion starts now").isNotEmpty();
    }

    @Test
    void anAbsentMapWithNoClusterOfOursWithholdsNothing() {
        Given given = new Given();
        given.mapAbsent = true;

        assertThat(given.at(T0).withheld()).isEmpty();
    }

    @Test
    void aSuspicionEndsWhenItStopsHoldingAndStartsAfreshIfItReturns() {
        Given given = new Given().allocated("pr-demoapps-28", "192.168.1.140");
        given.passAt(T0);
        given.cluster("pr-demoapps-28", "run-a", T0, T0);
        assertThat(given.passAt(T0.plus(SETTLE)).suspects()).isEmpty();

        given.clusters.clear();
        given.namespaces.clear();
        Decision again = given.passAt(T0.plus(SETTLE).plusSeconds(1));

        assertThat(again.due()).isEmpty();
        assertThat(again.suspects()).containsValue(T0.plus(SETTLE).plusSeconds(1));
    }

    @Test
    void anAddressWhosePullRequestCannotBeNamedIsReportedForAPerson() {
        Given given = new Given().allocated("legacy_cluster", "192.168.1.140").allocated("pr-api-1a2b3c-7", "192.168.1.141");

        given.passAt(T0);
        Decision decision = given.passAt(T0.plus(SETTLE));

        assertThat(decision.due()).isEmpty();
        assertThat(decision.verdicts()).extracting(Verdict::status).containsOnly(Status.NEEDS_ATTENTION);
        assertThat(decision.verdicts()).allSatisfy(v -> assertThat(v.evidence()).anyMatch(e -> e.contains("give ")));
    }

    @Test
    void theSameDecisionHasTheSameEventIdAndAnotherDeadlineAnother() {
        Given given = new Given().cluster("pr-demoapps-29", "run-a", T0, T0).allocated("pr-demoapps-29", "192.168.1.140")
                .closed("pr-demoapps-29", T0);
        Expiry first = given.at(T0.plus(GRACE)).due().get(0);
        Expiry again = given.at(T0.plus(GRACE).plusSeconds(90)).due().get(0);
        given.closed("pr-demoapps-29", T0.plusSeconds(1));
        Expiry later = given.at(T0.plus(GRACE).plusSeconds(90)).due().get(0);

        assertThat(again.eventId()).isEqualTo(first.eventId());
        assertThat(later.eventId()).isNotEqualTo(first.eventId());
    }
}
