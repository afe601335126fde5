package pw.fullstack.ephemeral.allocator.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static pw.fullstack.ephemeral.allocator.Fixtures.T0;
import static pw.fullstack.ephemeral.allocator.Fixtures.closed;
import static pw.fullstack.ephemeral.allocator.Fixtures.cluster;
import static pw.fullstack.ephemeral.allocator.Fixtures.destroyed;
import static pw.fullstack.ephemeral.allocator.Fixtures.opened;
import static pw.fullstack.ephemeral.allocator.vault.EngineHarness.MAP_PATH;
import static pw.fullstack.ephemeral.allocator.vault.EngineHarness.MOUNT;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.allocator.Fixtures;
import pw.fullstack.ephemeral.allocator.pool.Pool;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.DestroyReason;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.IpReleased;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.testkit.vault.KvMount;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulator;

/** Which run owns a cluster's addresses: decided by run identity, never by event times. */
class RunOwnershipOnVaultTest {

    private static final Pool ONE_BLOCK = Pool.of(List.of("192.168.1.140-192.168.1.141"), List.of(), 2);
    private static final Map<String, Object> HELD_BY_PR_1 = Map.of("192.168.1.140", cluster(1).value(),
            "192.168.1.141", cluster(1).value());

    private VaultEmulator vault;
    private EngineHarness h;

    @BeforeEach
    void start() {
        // cas_required on the whole mount: every write of the allocator (map, queue, cluster records) carries cas,
        // or Vault refuses it (deploy/vault marks the map and the queue so in production)
        vault = VaultEmulator.builder().mount(KvMount.casRequired(VaultEmulator.DEFAULT_MOUNT)).start();
        h = new EngineHarness(vault, ONE_BLOCK);
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    @Test
    void aPrReopenedDuringItsGracePeriodKeepsItsBlockUnderTheNewRun() {
        EventEnvelope<PrOpened> first = opened(1, T0);
        h.engine.onPrOpened(first);
        h.engine.onPrClosed(closed(first, T0.plusSeconds(60)));

        EventEnvelope<PrOpened> reopened = opened(1, T0.plusSeconds(61));
        h.engine.onPrOpened(reopened);

        List<EventEnvelope<IpAllocated>> allocated = h.emitted(IpAllocated.class);
        assertThat(allocated).hasSize(2);
        assertThat(allocated.get(1).correlationId()).isEqualTo(reopened.correlationId());
        assertThat(allocated.get(1).data().addresses()).isEqualTo(allocated.get(0).data().addresses());
        assertThat(allocated.get(1).data().openedAt()).isEqualTo(T0.plusSeconds(61));
        assertThat(vault.read(MOUNT, MAP_PATH).orElseThrow()).isEqualTo(HELD_BY_PR_1);
    }

    @Test
    void theOldRunsClusterDestroyedAfterAReopenReleasesNothingAndTheNewRunsDoes() {
        EventEnvelope<PrOpened> first = opened(1, T0);
        h.engine.onPrOpened(first);
        h.engine.onPrClosed(closed(first, T0.plusSeconds(60)));
        EventEnvelope<PrOpened> reopened = opened(1, T0.plusSeconds(61));
        h.engine.onPrOpened(reopened);
        int mapVersion = vault.currentVersion(MOUNT, MAP_PATH);

        h.engine.onClusterDestroyed(destroyed(first, DestroyReason.EXPIRED));

        assertThat(vault.currentVersion(MOUNT, MAP_PATH)).isEqualTo(mapVersion);
        assertThat(h.emitted(IpReleased.class)).isEmpty();

        h.engine.onClusterDestroyed(destroyed(reopened, DestroyReason.EXPIRED));

        assertThat(vault.read(MOUNT, MAP_PATH).orElseThrow()).containsExactly(Map.entry("_empty", "true"));
        assertThat(h.emitted(IpReleased.class)).singleElement()
                .satisfies(e -> assertThat(e.correlationId()).isEqualTo(reopened.correlationId()));
    }

    @Test
    void aForgedClusterDestroyedOfAnotherRunWithAFreshTimeLeavesEverythingUntouched() {
        EventEnvelope<PrOpened> run = opened(1, T0);
        h.engine.onPrOpened(run);
        Map<String, Integer> versions = versions();
        int emitted = h.emitted.size();

        PrOpened data = run.data();
        var forged = new EventEnvelope<>(UUID.randomUUID().toString(), Fixtures.PROVISIONER,
                OffsetDateTime.now(ZoneOffset.UTC).plusDays(1), "someone-elses-run", null,
                new ClusterDestroyed(data.pullRequest(), data.clusterName(), DestroyReason.EXPIRED, List.of()));
        h.engine.onClusterDestroyed(forged);

        assertThat(versions()).isEqualTo(versions);
        assertThat(h.emitted).hasSize(emitted);
    }

    @Test
    void aReplayedPrOpenedOfAnOlderRunNeverTakesTheClusterFromTheCurrentOne() {
        EventEnvelope<PrOpened> older = opened(1, T0);
        EventEnvelope<PrOpened> newer = opened(1, T0.plusSeconds(30));
        h.engine.onPrOpened(newer);
        Map<String, Integer> versions = versions();
        int emitted = h.emitted.size();

        h.engine.onPrOpened(older);

        assertThat(versions()).isEqualTo(versions);
        assertThat(h.emitted).hasSize(emitted);
    }

    @Test
    void replayingEveryEventOfEndedAndLiveRunsInAnyOrderWritesNothingAndEmitsOnlyKnownIds() {
        EventEnvelope<PrOpened> first = opened(1, T0);
        var close = closed(first, T0.plusSeconds(60));
        EventEnvelope<PrOpened> reopened = opened(1, T0.plusSeconds(61));
        var oldDestroyed = destroyed(first, DestroyReason.EXPIRED);
        EventEnvelope<PrOpened> other = opened(2, T0);
        var otherDestroyed = destroyed(other, DestroyReason.PROVISIONING_FAILED);
        h.engine.onPrOpened(first);
        h.engine.onPrOpened(other); // queued: one block only
        h.engine.onPrClosed(close);
        h.engine.onPrOpened(reopened);
        h.engine.onClusterDestroyed(oldDestroyed);
        h.engine.onPrClosed(closed(other, T0.plusSeconds(90)));
        h.engine.onClusterDestroyed(otherDestroyed);
        Map<String, Integer> versions = versions();
        var ids = h.emitted.stream().map(EventEnvelope::id).toList();
        int emitted = h.emitted.size();

        h.engine.onClusterDestroyed(otherDestroyed);
        h.engine.onClusterDestroyed(oldDestroyed);
        h.engine.onPrOpened(reopened);
        h.engine.onPrOpened(other);
        h.engine.onPrClosed(close);
        h.engine.onPrOpened(first);

        assertThat(versions()).isEqualTo(versions);
        assertThat(h.emitted.subList(emitted, h.emitted.size())).allSatisfy(e -> assertThat(ids).contains(e.id()));
        assertThat(vault.read(MOUNT, MAP_PATH).orElseThrow()).isEqualTo(HELD_BY_PR_1);
    }

    private Map<String, Integer> versions() {
        Map<String, Integer> versions = new LinkedHashMap<>();
        versions.put(MAP_PATH, vault.currentVersion(MOUNT, MAP_PATH));
        versions.put("queue", vault.currentVersion(MOUNT, h.store.queuePath()));
        for (int pr : new int[] {1, 2}) {
            String path = h.store.clusterPath(cluster(pr));
            versions.put(path, vault.currentVersion(MOUNT, path));
        }
        return versions;
    }
}
