package pw.fullstack.ephemeral.messaging;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Readiness of a service's event handling: DOWN while an event keeps failing and is being retried
 * ({@link WorkerLifecycleHandling#failing()}), with the event, its cluster, since when and the cause.
 * A service produces it with {@code @Produces @Readiness}.
 */
public final class LifecycleHandlingCheck implements HealthCheck {

    private final WorkerLifecycleHandling handling;

    public LifecycleHandlingCheck(WorkerLifecycleHandling handling) {
        this.handling = handling;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("lifecycle-events").status(handling.failing().isEmpty());
        handling.failing().ifPresent(failing -> response
                .withData("failing", failing.describe())
                .withData("cluster", failing.cluster())
                .withData("since", failing.since().toString()));
        return response.build();
    }
}
