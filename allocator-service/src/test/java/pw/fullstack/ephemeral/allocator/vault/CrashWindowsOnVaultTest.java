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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import pw.fullstack.ephemeral.allocator.allocation.MalformedStateException;
import pw.fullstack.ephemeral.allocator.pool.Pool;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.DestroyReason;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.IpReleased;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulator;

/**
 * A crash between any two writes, and a close racing a queue promotion on another instance: the
 * next attempt (a redelivery, another instance) ends in the same state as an uninterrupted run.
 */
class CrashWindowsOnVaultTest {

    private static final Pool ONE_BLOCK = Pool.of(List.of("192.168.1.140"), List.of(), 1);

    private VaultEmulator vault;

    @BeforeEach
    void start() {
        vault = VaultEmulator.start();
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    /** PR 1 holds the only block, PR 2 waits; the first write is the first of the destroy + drain. */
    private record Waiting(EventEnvelope<PrOpened> holder, EventEnvelope<PrOpened> waiting,
                           EventEnvelope<ClusterDestroyed> destroy) {
    }

    private Waiting onePrHoldingOneWaiting() {
        EngineHarness setup = new EngineHarness(vault, ONE_BLOCK);
        EventEnvelope<PrOpened> holder = opened(1);
        EventEnvelope<PrOpened> waiting = opened(2);
        setup.engine.onPrOpened(holder);
        setup.engine.onPrOpened(waiting);
        return new Waiting(holder, waiting, destroyed(holder, DestroyReason.EXPIRED));
    }

    static Stream<Integer> everyWriteOfAReleaseAndPromotion() {
        // release: map, record; promotion: map, record, queue. One more to check that all were covered.
        return IntStream.rangeClosed(1, 6).boxed();
    }

    @ParameterizedTest(name = "crash after write {0}")
    @MethodSource("everyWriteOfAReleaseAndPromotion")
    void aCrashBetweenAnyTwoWritesOfAReleaseAndPromotionIsRepairedByTheRedelivery(int crashAfter) {
        Waiting state = onePrHoldingOneWaiting();
        EngineHarness crashing = EngineHarness.wrapped(vault, ONE_BLOCK,
                store -> InterruptibleStore.crashingAfter(store, crashAfter));
        boolean crashed = false;
        try {
            crashing.engine.onClusterDestroyed(state.destroy());
        } catch (InterruptibleStore.Crash e) {
            crashed = true;
        }

        EngineHarness restarted = new EngineHarness(vault, ONE_BLOCK);
        restarted.engine.onClusterDestroyed(state.destroy());

        assertThat(crashed || crashAfter == 6).as("write %d happened", crashAfter).isTrue();
        assertThat(vault.read(MOUNT, MAP_PATH).orElseThrow()).containsExactly(Map.entry("192.168.1.140",
                cluster(2).value()));
        assertThat(restarted.store.readQueue().value().isEmpty()).isTrue();
        List<EventEnvelope<?>> all = new ArrayList<>(crashing.emitted);
        all.addAll(restarted.emitted);
        assertThat(all).filteredOn(e -> e.data() instanceof IpReleased).extracting(EventEnvelope::id).containsOnly(
                EventEnvelope.causedBy(state.destroy(), restarted.emitted(IpReleased.class).isEmpty()
                        ? crashing.emitted(IpReleased.class).get(0).source() : restarted.emitted(IpReleased.class).get(0).source(),
                        firstOf(all, IpReleased.class).data()).id());
        assertThat(all).filteredOn(e -> e.data() instanceof IpAllocated).isNotEmpty()
                .allSatisfy(e -> {
                    assertThat(e.correlationId()).isEqualTo(state.waiting().correlationId());
                    assertThat(e.id()).isEqualTo(EventEnvelope.causedBy(state.waiting(), e.source(),
                            (IpAllocated) e.data()).id());
                });
    }

    @Test
    void aCloseThatWinsTheRaceAgainstAPromotionLeavesTheClosedPrWithoutABlock() throws Exception {
        Waiting state = onePrHoldingOneWaiting();
        CountDownLatch reserved = new CountDownLatch(1);
        CountDownLatch closeDone = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger mapWrites = new java.util.concurrent.atomic.AtomicInteger();
        EngineHarness promoter = EngineHarness.wrapped(vault, ONE_BLOCK, store -> new InterruptibleStore(store, (n, doc) -> {
            // the first map write releases PR 1's block, the second reserves it for PR 2
            if (doc.equals("map") && mapWrites.incrementAndGet() == 2) {
                reserved.countDown();
                await(closeDone);
            }
        }));
        EngineHarness closer = new EngineHarness(vault, ONE_BLOCK);

        CompletableFuture<Void> promotion = CompletableFuture.runAsync(() -> promoter.engine.onClusterDestroyed(state.destroy()));
        await(reserved);
        closer.engine.onPrClosed(closed(state.waiting(), T0.plusSeconds(60)));
        closeDone.countDown();
        promotion.get(60, TimeUnit.SECONDS);

        assertThat(vault.read(MOUNT, MAP_PATH).orElseThrow()).containsExactly(Map.entry("_empty", "true"));
        assertThat(closer.store.readQueue().value().isEmpty()).isTrue();
        assertThat(promoter.emitted(IpAllocated.class)).isEmpty();
        assertThat(closer.emitted(IpAllocated.class)).isEmpty();
    }

    @Test
    void aPromotionThatCommittedBeforeTheCloseIsReportedAndKeepsItsBlockUntilTheClusterGoes() throws Exception {
        Waiting state = onePrHoldingOneWaiting();
        CountDownLatch committed = new CountDownLatch(1);
        CountDownLatch closeDone = new CountDownLatch(1);
        EngineHarness promoter = EngineHarness.wrapped(vault, ONE_BLOCK, store -> new InterruptibleStore(store, (n, doc) -> {
            if (doc.equals("record " + cluster(2))) {
                committed.countDown();
                await(closeDone);
            }
        }));
        EngineHarness closer = new EngineHarness(vault, ONE_BLOCK);

        CompletableFuture<Void> promotion = CompletableFuture.runAsync(() -> promoter.engine.onClusterDestroyed(state.destroy()));
        await(committed);
        closer.engine.onPrClosed(closed(state.waiting(), T0.plusSeconds(60)));
        closeDone.countDown();
        promotion.get(60, TimeUnit.SECONDS);

        List<EventEnvelope<IpAllocated>> allocated = new ArrayList<>(promoter.emitted(IpAllocated.class));
        allocated.addAll(closer.emitted(IpAllocated.class));
        assertThat(allocated).extracting(EventEnvelope::correlationId).containsOnly(state.waiting().correlationId());
        assertThat(vault.read(MOUNT, MAP_PATH).orElseThrow()).containsExactly(Map.entry("192.168.1.140",
                cluster(2).value()));
        assertThat(closer.store.readQueue().value().isEmpty()).isTrue();
    }

    @Test
    void aMalformedClusterRecordStopsOnlyThatClustersEventsWithAReasonNamingTheDocument() {
        Pool two = Pool.of(List.of("192.168.1.140-192.168.1.141"), List.of(), 1);
        EngineHarness h = new EngineHarness(vault, two);
        Map<String, Object> broken = new LinkedHashMap<>();
        broken.put("cluster", cluster(1).value());
        broken.put("since", "yesterday");
        vault.write(MOUNT, h.store.clusterPath(cluster(1)), broken);

        assertThatThrownBy(() -> h.engine.onPrOpened(opened(1))).isInstanceOf(MalformedStateException.class)
                .hasMessageContaining(h.store.clusterPath(cluster(1))).hasMessageContaining("field since");
        h.engine.onPrOpened(opened(2));

        assertThat(h.emitted(IpAllocated.class)).extracting(e -> e.data().clusterName()).containsExactly(cluster(2));
    }

    @Test
    void anUnreadableQueueEntryIsSetAsideAndThePrsBehindItStillGetTheirBlocks() {
        EngineHarness h = new EngineHarness(vault, ONE_BLOCK);
        EventEnvelope<PrOpened> holder = opened(1);
        h.engine.onPrOpened(holder);
        EventEnvelope<PrOpened> waiting = opened(2);
        h.engine.onPrOpened(waiting);
        Map<String, Object> queue = new LinkedHashMap<>(vault.read(MOUNT, h.store.queuePath()).orElseThrow());
        List<Object> entries = new ArrayList<>();
        entries.add(Map.of("cluster", "pr-handwritten-1", "number", "one"));
        entries.addAll((List<?>) queue.get("entries"));
        queue.put("entries", entries);
        vault.write(MOUNT, h.store.queuePath(), queue);

        h.engine.onClusterDestroyed(destroyed(holder, DestroyReason.EXPIRED));

        assertThat(h.emitted(IpAllocated.class)).extracting(EventEnvelope::correlationId)
                .containsExactly(holder.correlationId(), waiting.correlationId());
        assertThat(h.store.readQueue().value().quarantined()).singleElement()
                .satisfies(q -> assertThat(q.reason()).isEqualTo("entry 0: field pr is missing"));
    }

    private static <E> EventEnvelope<?> firstOf(List<EventEnvelope<?>> events, Class<E> type) {
        return events.stream().filter(e -> type.isInstance(e.data())).findFirst().orElseThrow();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other instance did not get there within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
