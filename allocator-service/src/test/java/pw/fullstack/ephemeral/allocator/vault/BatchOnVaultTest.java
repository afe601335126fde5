package pw.fullstack.ephemeral.allocator.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static pw.fullstack.ephemeral.allocator.Fixtures.cluster;
import static pw.fullstack.ephemeral.allocator.Fixtures.opened;
import static pw.fullstack.ephemeral.allocator.vault.EngineHarness.MAP_PATH;
import static pw.fullstack.ephemeral.allocator.vault.EngineHarness.MOUNT;
import static pw.fullstack.ephemeral.allocator.vault.EngineHarness.STATE_PATH;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import pw.fullstack.ephemeral.allocator.pool.Pool;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.AllocationQueued;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulator;

/**
 * A burst of PrOpened decided as one batch against the Vault emulator: what Vault is asked (the load a
 * burst puts on it), the same outcome as one event at a time, replays, and a crash between any two writes.
 */
class BatchOnVaultTest {

    /** The seed's pool, one address per cluster: 10 clusters at once. */
    private static final Pool SEED_POOL = Pool.of(List.of("192.168.1.140-192.168.1.149"), List.of(), 1);
    private static final int BURST = 50;

    private VaultEmulator vault;
    private final List<EventEnvelope<PrOpened>> burst = IntStream.rangeClosed(1, BURST).mapToObj(n -> opened(n)).toList();

    @BeforeEach
    void start() {
        vault = VaultEmulator.start();
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    @Test
    void fiftyPrOpenedAtOnceCostAFewVaultRequestsBeyondOneRecordWritePerPr() {
        long oneByOne;
        try (VaultEmulator other = VaultEmulator.start()) {
            EngineHarness eventByEvent = new EngineHarness(other, SEED_POOL);
            burst.forEach(eventByEvent.engine::onPrOpened);
            oneByOne = other.requestCount();
        }
        EngineHarness batched = new EngineHarness(vault, SEED_POOL);
        long before = vault.requestCount();

        batched.engine.onPrOpenedBatch(burst);

        long requests = vault.requestCount() - before;
        System.out.printf("Vault requests for %d PrOpened at once: %d one at a time, %d as one batch%n", BURST, oneByOne,
                requests);
        // list + map + queue read, map + queue write, one record per PR, the drain's reads (queue, head's record, map)
        assertThat(requests).isLessThanOrEqualTo(BURST + 8);
        assertThat(requests * 10).isLessThan(oneByOne);
        assertThat(batched.emitted(IpAllocated.class)).hasSize(10);
        assertThat(batched.emitted(AllocationQueued.class)).hasSize(40);
    }

    @Test
    void endsAsDecidingThePrOpenedOneByOneEnds() {
        EngineHarness batched = new EngineHarness(vault, SEED_POOL);
        batched.engine.onPrOpenedBatch(burst);
        try (VaultEmulator other = VaultEmulator.start()) {
            EngineHarness eventByEvent = new EngineHarness(other, SEED_POOL);
            burst.forEach(eventByEvent.engine::onPrOpened);

            assertThat(vault.read(MOUNT, MAP_PATH)).isEqualTo(other.read(MOUNT, MAP_PATH));
            assertThat(batched.store.readQueue().value().entries()).extracting(e -> e.cluster())
                    .isEqualTo(eventByEvent.store.readQueue().value().entries().stream().map(e -> e.cluster()).toList());
            assertThat(ids(batched.emitted)).isEqualTo(ids(eventByEvent.emitted));
            for (int n = 1; n <= BURST; n++) {
                assertThat(batched.store.readCluster(cluster(n)).value().sagaId()).isEqualTo(burst.get(n - 1).correlationId());
            }
        }
    }

    @Test
    void theSameBatchAgainOrItsPrOpenedInAnotherBatchWritesNothingAndReportsTheSameEvents() {
        EngineHarness first = new EngineHarness(vault, SEED_POOL);
        first.engine.onPrOpenedBatch(burst);
        Map<String, Integer> versions = versions();

        EngineHarness replaying = new EngineHarness(vault, SEED_POOL);
        replaying.engine.onPrOpenedBatch(burst);
        List<EventEnvelope<PrOpened>> mixed = new ArrayList<>(burst.subList(20, 30));
        mixed.addAll(burst.subList(0, 5));
        replaying.engine.onPrOpenedBatch(mixed);

        assertThat(versions()).isEqualTo(versions);
        assertThat(replaying.emitted).hasSize(BURST + mixed.size());
        assertThat(new HashSet<>(ids(replaying.emitted))).isEqualTo(new HashSet<>(ids(first.emitted)));
    }

    static Stream<Integer> everyWriteOfABatch() {
        // 10 fresh PRs on a pool of 4: map, queue, 10 records; and one more, to see that all were covered
        return IntStream.rangeClosed(1, 13).boxed();
    }

    @ParameterizedTest(name = "crash after write {0}")
    @MethodSource("everyWriteOfABatch")
    void aCrashBetweenAnyTwoWritesOfABatchIsRepairedByItsRedelivery(int crashAfter) {
        Pool four = Pool.of(List.of("192.168.1.140-192.168.1.143"), List.of(), 1);
        List<EventEnvelope<PrOpened>> ten = burst.subList(0, 10);
        EngineHarness crashing = EngineHarness.wrapped(vault, four, store -> InterruptibleStore.crashingAfter(store, crashAfter));
        boolean crashed = false;
        try {
            crashing.engine.onPrOpenedBatch(ten);
        } catch (InterruptibleStore.Crash e) {
            crashed = true;
        }

        EngineHarness restarted = new EngineHarness(vault, four);
        restarted.engine.onPrOpenedBatch(ten);

        assertThat(crashed || crashAfter == 13).as("write %d happened", crashAfter).isTrue();
        try (VaultEmulator other = VaultEmulator.start()) {
            EngineHarness uninterrupted = new EngineHarness(other, four);
            uninterrupted.engine.onPrOpenedBatch(ten);
            assertThat(vault.read(MOUNT, MAP_PATH)).isEqualTo(other.read(MOUNT, MAP_PATH));
            assertThat(restarted.store.readQueue().value().entries()).extracting(e -> e.cluster())
                    .isEqualTo(uninterrupted.store.readQueue().value().entries().stream().map(e -> e.cluster()).toList());
            assertThat(ids(restarted.emitted)).isEqualTo(ids(uninterrupted.emitted));
            Set<String> all = new HashSet<>(ids(crashing.emitted));
            all.addAll(ids(restarted.emitted));
            assertThat(all).isEqualTo(new HashSet<>(ids(uninterrupted.emitted)));
        }
    }

    private Map<String, Integer> versions() {
        Map<String, Integer> versions = new java.util.TreeMap<>();
        versions.put("map", vault.currentVersion(MOUNT, MAP_PATH));
        versions.put("queue", vault.currentVersion(MOUNT, STATE_PATH + "/queue"));
        for (int n = 1; n <= BURST; n++) {
            versions.put(cluster(n).value(), vault.currentVersion(MOUNT, STATE_PATH + "/clusters/" + cluster(n).value()));
        }
        return versions;
    }

    private static List<String> ids(List<EventEnvelope<?>> events) {
        return events.stream().map(EventEnvelope::id).toList();
    }
}
