package pw.fullstack.ephemeral.console.feed;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** DOWN, with the reason, while the replay of the topics is not over or the broker cannot be reached. */
@Readiness
@ApplicationScoped
public class FeedReadinessCheck implements HealthCheck {

    @Inject
    LifecycleFeed feed;

    @Override
    public HealthCheckResponse call() {
        FeedHealth health = feed.health();
        return HealthCheckResponse.named("lifecycle-feed").status(health.ready())
                .withData("reason", health.reason()).build();
    }
}
