package pw.fullstack.ephemeral.messaging;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The back-off of {@link WorkerLifecycleHandling} while an event's handling fails for a transient
 * reason (retried without limit, never dead-lettered): a config group a service nests in its own
 * {@code @ConfigMapping}, e.g. {@code provisioner.retry.initial-backoff}.
 */
public interface HandlingRetry {

    @WithDefault("200ms")
    Duration initialBackoff();

    @WithDefault("30s")
    Duration maxBackoff();

    default WorkerLifecycleHandling handling() {
        return new WorkerLifecycleHandling(initialBackoff(), maxBackoff());
    }
}
