package pw.fullstack.ephemeral.notifier.api;

import io.quarkus.vertx.http.ManagementInterface;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import pw.fullstack.ephemeral.notifier.sync.KnownPrView;
import pw.fullstack.ephemeral.notifier.sync.PrUpdates;

/**
 * {@code GET /prs}: every PR the notifier has written or is trying to write since it started — its
 * comment, run, deployment, and any pending events with the last failure. Served on the management
 * interface ({@code quarkus.management.port}) with health and metrics, not on the main HTTP port.
 */
@ApplicationScoped
public class PrsResource {

    @Inject
    PrUpdates updates;

    public record PrView(String cluster, String pullRequest, String run, String headline, Long commentId, String commentUrl,
                         Long deploymentId, String deploymentState, String deploymentError, String dispatchedEventId,
                         int pendingEvents, int failedAttempts, Instant failingSince, String lastError, boolean deadLettered) {
    }

    void serve(@Observes ManagementInterface management) {
        // The PR lanes' state is shared with threads writing to GitHub: never wait for it on the event loop.
        management.router().get("/prs").blockingHandler(request -> request.json(list()));
    }

    public List<PrView> list() {
        Map<String, PrView> views = new TreeMap<>();
        updates.known().forEach(k -> views.put(k.cluster(), new PrView(k.cluster(), k.pullRequest(), k.run(),
                k.headline(), k.commentId(), k.commentUrl(), k.deploymentId(), k.deploymentState(), k.deploymentError(),
                k.dispatchedEventId(), 0, 0, null, null, false)));
        for (PrUpdates.PendingView p : updates.pendingViews()) {
            PrView known = views.get(p.cluster());
            views.put(p.cluster(), new PrView(p.cluster(), p.pullRequest(), known == null ? null : known.run(),
                    known == null ? null : known.headline(), known == null ? null : known.commentId(),
                    known == null ? null : known.commentUrl(), known == null ? null : known.deploymentId(),
                    known == null ? null : known.deploymentState(), known == null ? null : known.deploymentError(),
                    known == null ? null : known.dispatchedEventId(), p.pendingEvents(), p.failedAttempts(),
                    p.failingSince(), p.lastError(), p.deadLettered()));
        }
        return views.values().stream().sorted(Comparator.comparing(PrView::cluster)).toList();
    }
}
