package pw.fullstack.ephemeral.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

/**
 * The gauges one application instance registers, removed again when it stops. Quarkus' root {@link MeterRegistry}
 * is Micrometer's static {@code Metrics.globalRegistry}: a gauge left there outlives the application, and an
 * application restarted in the same JVM (as the tests restart them) would be handed the old gauge, still bound
 * (weakly) to the stopped instance's state, instead of registering its own.
 */
public final class ApplicationGauges {

    private final MeterRegistry registry;
    private final List<Gauge> registered = new CopyOnWriteArrayList<>();

    public ApplicationGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers a gauge reading {@code state}; returns {@code state}. */
    public <T> T gauge(String name, Tags tags, T state, ToDoubleFunction<T> value) {
        registered.add(Gauge.builder(name, state, value).tags(tags).register(registry));
        return state;
    }

    /** Removes every gauge registered here (call it when the application stops). */
    public void removeAll() {
        registered.forEach(registry::remove);
        registered.clear();
    }
}
