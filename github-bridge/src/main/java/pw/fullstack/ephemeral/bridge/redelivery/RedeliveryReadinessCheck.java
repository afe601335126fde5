package pw.fullstack.ephemeral.bridge.redelivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code github-redelivery} in {@code /q/health/ready}: how the redelivery pass is configured and when
 * it last succeeded. Always UP: a GitHub outage or a revoked token must not take the webhook endpoint
 * out of the load balancer (alert on {@code bridge_redelivery_last_success_seconds} instead).
 */
@Readiness
@ApplicationScoped
public class RedeliveryReadinessCheck implements HealthCheck {

    @Inject
    RedeliveryStatus status;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("github-redelivery").up()
                .withData("configuration", status.configuration());
        if (status.lastSuccess() > 0) {
            response.withData("lastSuccess", Instant.ofEpochSecond(status.lastSuccess()).toString());
        }
        status.last().ifPresent(last -> {
            response.withData("lastPass", last.at().toString()).withData("lastOutcome", last.outcome().tag())
                    .withData("lastRequested", last.requested().size()).withData("lastAbandoned", last.abandoned().size());
            if (last.reason() != null) {
                response.withData("lastReason", last.reason());
            }
        });
        return response.build();
    }
}
