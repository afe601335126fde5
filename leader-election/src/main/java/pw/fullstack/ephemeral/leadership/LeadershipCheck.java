package pw.fullstack.ephemeral.leadership;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check {@code leadership}: always UP — a follower is healthy, it stands by — with the role
 * ({@code leader} or {@code follower}), the lease, this replica's identity and the holder it last saw.
 */
@Readiness
@ApplicationScoped
public class LeadershipCheck implements HealthCheck {

    @Inject
    Leadership leadership;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("leadership").up()
                .withData("role", leadership.leads() ? "leader" : "follower");
        leadership.candidate().ifPresentOrElse(candidate -> response
                        .withData("lease", candidate.lease())
                        .withData("identity", candidate.identity()),
                () -> response.withData("election", "off"));
        leadership.holder().ifPresent(holder -> response.withData("holder", holder));
        return response.build();
    }
}
