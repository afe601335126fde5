package pw.fullstack.ephemeral.notifier.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import pw.fullstack.ephemeral.notifier.auth.GitHubCredentials;
import pw.fullstack.ephemeral.notifier.sync.PrUpdates;

/**
 * Readiness DOWN while some PR's updates ran out of attempts (its records went to the dead-letter
 * topic and its newest state is still being retried): GitHub has been unreachable or refusing for a
 * while and PR authors see stale comments. Shorter failures show in the data only.
 */
@Readiness
@ApplicationScoped
public class GitHubWritesHealthCheck implements HealthCheck {

    @Inject
    PrUpdates updates;

    @Inject
    GitHubCredentials credentials;

    @Override
    public HealthCheckResponse call() {
        List<PrUpdates.PendingView> pending = updates.pendingViews();
        List<PrUpdates.PendingView> failing = pending.stream().filter(p -> p.failedAttempts() > 0).toList();
        List<PrUpdates.PendingView> exhausted = failing.stream().filter(PrUpdates.PendingView::deadLettered).toList();
        var response = HealthCheckResponse.named("github")
                .status(exhausted.isEmpty())
                .withData("credentials", credentials.describe())
                .withData("pending-prs", pending.size())
                .withData("failing-prs", failing.size())
                .withData("given-up-prs", String.join(",", exhausted.stream().map(PrUpdates.PendingView::pullRequest).toList()));
        failing.stream().filter(p -> p.failingSince() != null).min(Comparator.comparing(PrUpdates.PendingView::failingSince))
                .ifPresent(oldest -> response.withData("failing-since", oldest.failingSince().toString())
                        .withData("last-error", Objects.toString(oldest.lastError(), "")));
        return response.build();
    }
}
