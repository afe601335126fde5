package pw.fullstack.ephemeral.console.pool;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import pw.fullstack.ephemeral.console.Changes;
import pw.fullstack.ephemeral.console.ConsoleConfig;

/**
 * Reads the allocator's {@code /pool} and the reaper's {@code /expiries} every {@code console.refresh-interval}: what
 * only they know (the free blocks, the live queue, each cluster's deadline). A change is passed to the open pages.
 */
@ApplicationScoped
public class PoolWatch {

    @Inject
    ConsoleConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    Changes changes;

    private volatile OpsReading<PoolView> pool = OpsReading.failed("not read yet");
    private volatile OpsReading<Expiries> expiries = OpsReading.failed("not read yet");
    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent start) {
        OpsClient client = new OpsClient(json, config.requestTimeout());
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "console-pool-watch");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> read(client), 0, config.refreshInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void read(OpsClient client) {
        OpsReading<PoolView> newPool = client.get(config.allocatorUrl(), "/pool", PoolView.class);
        OpsReading<Expiries> newExpiries = client.get(config.reaperUrl(), "/expiries", Expiries.class);
        // the reaper's "now" moves at every read: only its verdicts count as a change
        boolean changed = !Objects.equals(newPool, pool)
                || !Objects.equals(verdicts(newExpiries), verdicts(expiries));
        pool = newPool;
        expiries = newExpiries;
        if (changed) {
            changes.fire(Changes.What.POOL);
        }
    }

    private static Object verdicts(OpsReading<Expiries> reading) {
        return reading.ok() ? reading.value().expiries() : reading.error();
    }

    public OpsReading<PoolView> pool() {
        return pool;
    }

    public OpsReading<Expiries> expiries() {
        return expiries;
    }
}
