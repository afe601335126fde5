package pw.fullstack.ephemeral.reaper.api;

import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import pw.fullstack.ephemeral.reaper.ReaperConfig;
import pw.fullstack.ephemeral.reaper.expiry.Verdict;
import pw.fullstack.ephemeral.reaper.pass.ReaperPass;

/**
 * {@code GET /expiries}: every cluster of this system and every allocation without one, with its
 * status, deadline, reason and the evidence, decided now from the tools cluster and Vault (nothing
 * is written or published). Soonest deadline first. 503 with the error when either cannot be read.
 * Served on the management interface ({@code quarkus.management.port}) with health and metrics, not on
 * the main HTTP port.
 */
@ApplicationScoped
public class ExpiriesResource {

    @Inject
    ReaperPass pass;

    @Inject
    ReaperConfig config;

    public record Expiries(Instant now, boolean dryRun, List<Verdict> expiries) {
    }

    void serve(@Observes ManagementInterface management) {
        // Reads the tools cluster and Vault: off the event loop.
        management.router().get("/expiries").blockingHandler(this::answer);
    }

    private void answer(RoutingContext request) {
        Expiries expiries;
        try {
            expiries = list();
        } catch (RuntimeException e) {
            request.response().setStatusCode(503);
            request.json(Map.of("error", e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage())));
            return;
        }
        request.json(expiries);
    }

    public Expiries list() {
        List<Verdict> verdicts = pass.preview().verdicts().stream()
                .sorted(Comparator.comparing(Verdict::deadline, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(Verdict::cluster))
                .toList();
        return new Expiries(Instant.now(), config.dryRun(), verdicts);
    }
}
