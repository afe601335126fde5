package pw.fullstack.ephemeral.reaper.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code reaper}: DOWN while the last pass failed (tools cluster, Vault or broker unavailable; the
 * next pass retries) or while the event handler keeps failing to record a PrOpened/PrClosed.
 * {@code last-successful-pass} tells whether expiries are being decided at all. Also DOWN while the
 * allocation map is absent and clusters of this system exist: no orphan is decided then (fail closed),
 * and someone should put the map back (or find the wrong path).
 */
@Readiness
@ApplicationScoped
public class ReaperReadinessCheck implements HealthCheck {

    @Inject
    ReaperHealth health;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("reaper");
        boolean up = true;
        if (health.lastSuccessfulPass() != null) {
            response.withData("last-successful-pass", health.lastSuccessfulPass().toString());
        }
        ReaperHealth.Failure pass = health.passFailure();
        if (pass != null) {
            up = false;
            response.withData("pass-failing-since", pass.since().toString()).withData("pass-error", String.valueOf(pass.reason()));
        }
        ReaperHealth.Failure handler = health.handlerFailure();
        if (handler != null) {
            up = false;
            response.withData("handler-retrying-since", handler.since().toString())
                    .withData("handler-error", String.valueOf(handler.reason()));
        }
        ReaperHealth.Failure withheld = health.orphanDecisionsWithheld();
        if (withheld != null) {
            up = false;
            response.withData("orphans-undecided-since", withheld.since().toString())
                    .withData("orphans-undecided", withheld.reason());
        }
        return response.status(up).build();
    }
}
