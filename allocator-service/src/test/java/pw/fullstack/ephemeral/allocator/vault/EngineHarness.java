package pw.fullstack.ephemeral.allocator.vault;

import io.quarkus.vault.client.VaultClient;
import io.quarkus.vault.client.http.jdk.JDKVaultHttpClient;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import pw.fullstack.ephemeral.allocator.Fixtures;
import pw.fullstack.ephemeral.allocator.allocation.AllocationEngine;
import pw.fullstack.ephemeral.allocator.allocation.AllocationStore;
import pw.fullstack.ephemeral.allocator.allocation.EngineListener;
import pw.fullstack.ephemeral.allocator.allocation.Limits;
import pw.fullstack.ephemeral.allocator.allocation.EventSink;
import pw.fullstack.ephemeral.allocator.pool.Pool;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulator;

/** An allocation engine on quarkus-vault's low-level client against a {@link VaultEmulator}, without Quarkus. */
public final class EngineHarness {

    public static final String MOUNT = "kv";
    public static final String MAP_PATH = "ephemeral-clusters/ip-allocations";
    public static final String STATE_PATH = "ephemeral-clusters/allocator";

    public final VaultAllocationStore store;
    public final AllocationEngine engine;
    public final List<EventEnvelope<?>> emitted = new CopyOnWriteArrayList<>();

    public EngineHarness(VaultEmulator vault, Pool pool) {
        this(vault, pool, null);
    }

    /** {@code sink} null = record what is emitted in {@link #emitted}. */
    public EngineHarness(VaultEmulator vault, Pool pool, EventSink sink) {
        this(vault, pool, sink, EngineListener.NONE);
    }

    public EngineHarness(VaultEmulator vault, Pool pool, EventSink sink, EngineListener listener) {
        this(vault, pool, sink, listener, store -> store);
    }

    /** An engine whose writes go through {@code wrap(store)}, e.g. to crash or pause it between two writes. */
    public static EngineHarness wrapped(VaultEmulator vault, Pool pool,
                                        java.util.function.UnaryOperator<AllocationStore> wrap) {
        return new EngineHarness(vault, pool, null, EngineListener.NONE, wrap);
    }

    private EngineHarness(VaultEmulator vault, Pool pool, EventSink sink, EngineListener listener,
                          java.util.function.UnaryOperator<AllocationStore> wrap) {
        this.store = new VaultAllocationStore(client(vault), MOUNT, MAP_PATH, STATE_PATH, Duration.ofSeconds(10));
        this.engine = new AllocationEngine(wrap.apply(store), pool, Limits.none(), Fixtures.NAMING, sink == null ? emitted::add : sink,
                listener,
                Clock.systemUTC(), () -> java.util.Optional.of(Duration.ofDays(30)),
                new AllocationEngine.CasPolicy(Duration.ofSeconds(60), Duration.ofMillis(5), Duration.ofMillis(200)));
    }

    public static VaultClient client(VaultEmulator vault) {
        return VaultClient.builder()
                .baseUrl(vault.url())
                .executor(new JDKVaultHttpClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()))
                .clientToken(vault.token())
                .requestTimeout(Duration.ofSeconds(10))
                .maxRetries(0)
                .build();
    }

    @SuppressWarnings("unchecked")
    public <E extends LifecycleEvent> List<EventEnvelope<E>> emitted(Class<E> type) {
        List<EventEnvelope<E>> result = new ArrayList<>();
        for (EventEnvelope<?> envelope : emitted) {
            if (type.isInstance(envelope.data())) {
                result.add((EventEnvelope<E>) envelope);
            }
        }
        return result;
    }
}
