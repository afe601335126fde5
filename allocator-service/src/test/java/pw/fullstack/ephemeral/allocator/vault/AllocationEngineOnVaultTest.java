package pw.fullstack.ephemeral.allocator.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pw.fullstack.ephemeral.allocator.Fixtures.T0;
import static pw.fullstack.ephemeral.allocator.Fixtures.closed;
import static pw.fullstack.ephemeral.allocator.Fixtures.cluster;
import static pw.fullstack.ephemeral.allocator.Fixtures.destroyed;
import static pw.fullstack.ephemeral.allocator.Fixtures.opened;
import static pw.fullstack.ephemeral.allocator.vault.EngineHarness.MAP_PATH;
import static pw.fullstack.ephemeral.allocator.vault.EngineHarness.MOUNT;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.allocator.allocation.AllocationQueue;
import pw.fullstack.ephemeral.allocator.allocation.StoreUnavailableException;
import pw.fullstack.ephemeral.allocator.pool.Pool;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.AllocationQueued;
import pw.fullstack.ephemeral.contracts.events.DestroyReason;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.IpReleased;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;
import pw.fullstack.ephemeral.testkit.vault.KvMount;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulator;

/** The engine on quarkus-vault's client against the Vault emulator: contention, replays, crashes, seed data. */
class AllocationEngineOnVaultTest {

    private static final Pool SEED_POOL = Pool.of(List.of("192.168.1.140-192.168.1.149"), List.of(), 1);

    private VaultEmulator vault;
    private ExecutorService threads;

    @BeforeEach
    void startVault() {
        // cas_required on the whole mount: every write of the allocator (map, queue, cluster records) carries cas,
        // or Vault refuses it (deploy/vault marks the map and the queue so in production)
        vault = VaultEmulator.builder().mount(KvMount.casRequired(VaultEmulator.DEFAULT_MOUNT)).start();
        threads = Executors.newFixedThreadPool(16);
    }

    @AfterEach
    void stopVault() {
        threads.shutdownNow();
        vault.close();
    }

    @Test
    void manyFirstAllocationsAtOnceOnAnAbsentSecretAreAllDistinct() throws Exception {
        Pool pool = Pool.of(List.of("10.1.0.1-10.1.0.30"), List.of(), 1);
        EngineHarness a = new EngineHarness(vault, pool);
        EngineHarness b = new EngineHarness(vault, pool);
        assertThat(vault.currentVersion(MOUNT, MAP_PATH)).isZero();

        runAtOnce(IntStream.rangeClosed(1, 30).mapToObj(n -> (Runnable) () ->
                (n % 2 == 0 ? a : b).engine.onPrOpened(opened(n))).toList());

        Map<String, Object> map = vault.read(MOUNT, MAP_PATH).orElseThrow();
        assertThat(map).hasSize(30);
        assertThat(new HashSet<>(map.values())).hasSize(30);
        List<Ipv4Address> handedOut = new ArrayList<>();
        a.emitted(IpAllocated.class).forEach(e -> handedOut.addAll(e.data().addresses()));
        b.emitted(IpAllocated.class).forEach(e -> handedOut.addAll(e.data().addresses()));
        assertThat(handedOut).hasSize(30).doesNotHaveDuplicates();
        assertThat(handedOut).allSatisfy(ip -> assertThat(map).containsKey(ip.toString()));
    }

    @Test
    void aHundredPrsOnTwoAllocatorsGetExactlyCapacityManyBlocksAndTheRestWaitInOrder() throws Exception {
        EngineHarness a = new EngineHarness(vault, SEED_POOL);
        EngineHarness b = new EngineHarness(vault, SEED_POOL);

        runAtOnce(IntStream.rangeClosed(1, 100).mapToObj(n -> (Runnable) () ->
                (n % 2 == 0 ? a : b).engine.onPrOpened(opened(n))).toList());

        Map<String, Object> map = vault.read(MOUNT, MAP_PATH).orElseThrow();
        assertThat(map).hasSize(10);
        assertThat(new HashSet<>(map.values())).hasSize(10);
        List<EventEnvelope<IpAllocated>> allocated = new ArrayList<>(a.emitted(IpAllocated.class));
        allocated.addAll(b.emitted(IpAllocated.class));
        assertThat(allocated).extracting(e -> e.data().clusterName().value())
                .containsExactlyInAnyOrderElementsOf(map.values().stream().map(Object::toString).toList());
        assertThat(allocated).flatExtracting(e -> e.data().addresses()).doesNotHaveDuplicates();

        AllocationQueue queue = a.store.readQueue().value();
        assertThat(queue.size()).isEqualTo(90);
        List<EventEnvelope<AllocationQueued>> queued = new ArrayList<>(a.emitted(AllocationQueued.class));
        queued.addAll(b.emitted(AllocationQueued.class));
        assertThat(queued).hasSize(90);
        for (EventEnvelope<AllocationQueued> event : queued) {
            assertThat(queue.positionOf(event.data().clusterName())).hasValue(event.data().position());
            assertThat(map.values()).doesNotContain(event.data().clusterName().value());
            assertThat(event.data().poolCapacity()).isEqualTo(10);
        }
    }

    @Test
    void replayingTheSameEventsAndAnOldPrOpenedChangesNothingInVaultAndAllocatesNothing() {
        EngineHarness h = new EngineHarness(vault, SEED_POOL);
        EventEnvelope<PrOpened> run1 = opened(1);
        EventEnvelope<PrOpened> run2 = opened(2);
        var close1 = closed(run1, T0.plusSeconds(600));
        var destroy1 = destroyed(run1, DestroyReason.EXPIRED);
        h.engine.onPrOpened(run1);
        h.engine.onPrOpened(run2);
        h.engine.onPrClosed(close1);
        h.engine.onClusterDestroyed(destroy1);
        Map<String, Integer> versions = versions(h, 1, 2);
        Set<String> idsBefore = h.emitted.stream().map(EventEnvelope::id).collect(Collectors.toSet());
        int emittedBefore = h.emitted.size();

        h.engine.onPrOpened(run1);
        h.engine.onPrOpened(run2);
        h.engine.onPrClosed(close1);
        h.engine.onClusterDestroyed(destroy1);
        h.engine.onPrOpened(opened(1, T0.plusSeconds(300))); // an old run's PrOpened, re-published with a new id

        assertThat(versions(h, 1, 2)).isEqualTo(versions);
        assertThat(h.emitted.subList(emittedBefore, h.emitted.size()))
                .allSatisfy(e -> assertThat(idsBefore).contains(e.id()))
                .noneSatisfy(e -> assertThat(e.data().clusterName()).isEqualTo(cluster(1)));
        assertThat(vault.read(MOUNT, MAP_PATH).orElseThrow()).containsOnly(Map.entry("192.168.1.141",
                cluster(2).value()));
    }

    @Test
    void clusterDestroyedAfterAFailedProvisioningReleasesTheBlockAndTheHeadOfTheQueueGetsIt() {
        Pool one = Pool.of(List.of("192.168.1.140"), List.of(), 1);
        EngineHarness h = new EngineHarness(vault, one);
        EventEnvelope<PrOpened> run1 = opened(1);
        EventEnvelope<PrOpened> run2 = opened(2);
        EventEnvelope<PrOpened> run3 = opened(3);
        h.engine.onPrOpened(run1);
        h.engine.onPrOpened(run2);
        h.engine.onPrOpened(run3);
        assertThat(h.emitted(AllocationQueued.class)).extracting(e -> e.data().position()).containsExactly(1, 2);

        var destroy = destroyed(run1, DestroyReason.PROVISIONING_FAILED);
        h.engine.onClusterDestroyed(destroy);

        EventEnvelope<IpReleased> released = h.emitted(IpReleased.class).get(0);
        assertThat(released.data().addresses()).containsExactly(Ipv4Address.parse("192.168.1.140"));
        assertThat(released.data().reason()).isEqualTo(DestroyReason.PROVISIONING_FAILED);
        assertThat(released.causationId()).isEqualTo(destroy.id());
        EventEnvelope<IpAllocated> handedOn = h.emitted(IpAllocated.class).get(1);
        assertThat(handedOn.data().clusterName()).isEqualTo(cluster(2));
        assertThat(handedOn.data().addresses()).containsExactly(Ipv4Address.parse("192.168.1.140"));
        assertThat(handedOn.correlationId()).isEqualTo(run2.correlationId());
        assertThat(handedOn.id()).isEqualTo(EventEnvelope.causedBy(run2, handedOn.source(), handedOn.data()).id());
        assertThat(vault.read(MOUNT, MAP_PATH).orElseThrow())
                .containsOnly(Map.entry("192.168.1.140", cluster(2).value()));
        assertThat(h.store.readQueue().value().entries()).extracting(e -> e.cluster()).containsExactly(cluster(3));
    }

    /** One unreadable document at the head of the queue used to fail every event of every cluster after it was applied. */
    @Test
    void aHeadWhoseRecordCannotBeReadIsQuarantinedAndTheNextInLineGetsTheBlock() {
        Pool one = Pool.of(List.of("192.168.1.140"), List.of(), 1);
        EngineHarness h = new EngineHarness(vault, one);
        EventEnvelope<PrOpened> run1 = opened(1);
        h.engine.onPrOpened(run1);
        h.engine.onPrOpened(opened(2));
        h.engine.onPrOpened(opened(3));
        vault.write(MOUNT, EngineHarness.STATE_PATH + "/clusters/" + cluster(2).value(),
                Map.of("saga", "hand-edited", "since", "last tuesday"));

        h.engine.onClusterDestroyed(destroyed(run1, DestroyReason.EXPIRED));

        AllocationQueue queue = h.store.readQueue().value();
        assertThat(queue.entries()).isEmpty();
        assertThat(queue.quarantined()).singleElement().satisfies(q -> assertThat(q.reason())
                .contains("the record of the head of the queue cannot be read"));
        assertThat(h.emitted(IpAllocated.class)).extracting(e -> e.data().clusterName()).containsExactly(cluster(1), cluster(3));
        assertThat(vault.read(MOUNT, MAP_PATH).orElseThrow()).containsOnly(Map.entry("192.168.1.140", cluster(3).value()));
    }

    @Test
    void releasesTheAddressOnlyOnClusterDestroyed() {
        EngineHarness h = new EngineHarness(vault, SEED_POOL);
        EventEnvelope<PrOpened> run = opened(1);
        h.engine.onPrOpened(run);

        h.engine.onPrClosed(closed(run, T0.plusSeconds(60)));

        assertThat(vault.read(MOUNT, MAP_PATH).orElseThrow()).containsEntry("192.168.1.140", cluster(1).value());
        assertThat(h.emitted(IpReleased.class)).isEmpty();

        h.engine.onClusterDestroyed(destroyed(run, DestroyReason.EXPIRED));

        assertThat(vault.read(MOUNT, MAP_PATH).orElseThrow()).containsExactly(Map.entry("_empty", "true"));
        assertThat(h.emitted(IpReleased.class)).hasSize(1);
    }

    @Test
    void aPrClosedWhileWaitingLeavesTheQueueAndNeverGetsABlock() {
        Pool one = Pool.of(List.of("192.168.1.140"), List.of(), 1);
        EngineHarness h = new EngineHarness(vault, one);
        EventEnvelope<PrOpened> run1 = opened(1);
        EventEnvelope<PrOpened> run2 = opened(2);
        h.engine.onPrOpened(run1);
        h.engine.onPrOpened(run2);

        h.engine.onPrClosed(closed(run2, T0.plusSeconds(60)));
        h.engine.onClusterDestroyed(destroyed(run1, DestroyReason.EXPIRED));

        assertThat(h.store.readQueue().value().isEmpty()).isTrue();
        assertThat(h.emitted(IpAllocated.class)).extracting(e -> e.data().clusterName()).containsExactly(cluster(1));
        assertThat(vault.read(MOUNT, MAP_PATH).orElseThrow()).containsExactly(Map.entry("_empty", "true"));
    }

    @Test
    void releasingAnUnknownClusterOrReleasingTwiceIsANoOp() {
        EngineHarness h = new EngineHarness(vault, SEED_POOL);
        EventEnvelope<PrOpened> run = opened(1);

        h.engine.onClusterDestroyed(destroyed(run, DestroyReason.ORPHAN));
        assertThat(h.emitted).isEmpty();

        h.engine.onPrOpened(run);
        h.engine.onClusterDestroyed(destroyed(run, DestroyReason.EXPIRED));
        int mapVersion = vault.currentVersion(MOUNT, MAP_PATH);
        h.engine.onClusterDestroyed(destroyed(run, DestroyReason.ORPHAN));

        assertThat(vault.currentVersion(MOUNT, MAP_PATH)).isEqualTo(mapVersion);
        assertThat(h.emitted(IpReleased.class)).hasSize(1);
    }

    @Test
    void aSecretWrittenInTheSeedFormatIsReadAndExtended() {
        Map<String, Object> seed = new LinkedHashMap<>();
        seed.put("_empty", "true");
        seed.put("192.168.1.140", "pr-legacy-7");
        vault.write(MOUNT, MAP_PATH, seed);
        EngineHarness h = new EngineHarness(vault, SEED_POOL);

        h.engine.onPrOpened(opened(1));
        h.engine.onPrOpened(opened(2));

        assertThat(vault.read(MOUNT, MAP_PATH).orElseThrow()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "192.168.1.140", "pr-legacy-7",
                "192.168.1.141", cluster(1).value(),
                "192.168.1.142", cluster(2).value()));
        assertThat(h.store.readMap().value().byCluster()).containsKey("pr-legacy-7");
    }

    @Test
    void aRedeliveryAfterACrashBeforeTheEmitGivesTheSameBlockAndTheSameEventId() {
        EngineHarness crashing = new EngineHarness(vault, SEED_POOL, envelope -> {
            throw new IllegalStateException("broker gone");
        });
        EventEnvelope<PrOpened> run = opened(1);
        assertThatThrownBy(() -> crashing.engine.onPrOpened(run)).hasMessage("broker gone");
        int mapVersion = vault.currentVersion(MOUNT, MAP_PATH);

        EngineHarness restarted = new EngineHarness(vault, SEED_POOL);
        restarted.engine.onPrOpened(run);

        assertThat(vault.currentVersion(MOUNT, MAP_PATH)).isEqualTo(mapVersion);
        EventEnvelope<IpAllocated> allocated = restarted.emitted(IpAllocated.class).get(0);
        assertThat(allocated.data().addresses()).containsExactly(Ipv4Address.parse("192.168.1.140"));
        assertThat(allocated.id()).isEqualTo(EventEnvelope.causedBy(run, allocated.source(), allocated.data()).id());
    }

    @Test
    void aStoppedVaultIsReportedAsUnavailableAndTheSameEventSucceedsWhenItIsBack() {
        EngineHarness h = new EngineHarness(vault, SEED_POOL);
        EventEnvelope<PrOpened> run = opened(1);
        vault.stop();

        assertThatThrownBy(() -> h.engine.onPrOpened(run)).isInstanceOf(StoreUnavailableException.class);

        vault.restartOnSamePort();
        h.engine.onPrOpened(run);
        assertThat(h.emitted(IpAllocated.class)).hasSize(1);
    }

    @Test
    void aSealedVaultIsReportedAsUnavailable() {
        EngineHarness h = new EngineHarness(vault, SEED_POOL);
        vault.seal();

        assertThatThrownBy(() -> h.engine.onPrOpened(opened(1))).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("503");
    }

    private Map<String, Integer> versions(EngineHarness h, int... prs) {
        Map<String, Integer> versions = new LinkedHashMap<>();
        versions.put(MAP_PATH, vault.currentVersion(MOUNT, MAP_PATH));
        versions.put("queue", vault.currentVersion(MOUNT, h.store.queuePath()));
        for (int pr : prs) {
            String path = h.store.clusterPath(cluster(pr));
            versions.put(path, vault.currentVersion(MOUNT, path));
        }
        return versions;
    }

    /** Starts every task on its own pool thread behind one gate, waits for all, rethrows failures. */
    private void runAtOnce(List<Runnable> tasks) throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<Void>> futures = new ArrayList<>();
        for (Runnable task : tasks) {
            Callable<Void> gated = () -> {
                gate.await();
                task.run();
                return null;
            };
            futures.add(threads.submit(gated));
        }
        gate.countDown();
        for (Future<Void> future : futures) {
            future.get(120, TimeUnit.SECONDS);
        }
    }
}
