package pw.fullstack.ephemeral.reaper.api;

import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
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
 */
@Path("/expiries")
public class ExpiriesResource {

    @Inject
    ReaperPass pass;

    @Inject
    ReaperConfig config;

    public record Expiries(Instant now, boolean dryRun, List<Verdict> expiries) {
    }

    @GET
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        try {
            List<Verdict> verdicts = pass.preview().verdicts().stream()
                    .sorted(Comparator.comparing(Verdict::deadline, Comparator.nullsLast(Comparator.naturalOrder()))
                            .thenComparing(Verdict::cluster))
                    .toList();
            return Response.ok(new Expiries(Instant.now(), config.dryRun(), verdicts)).build();
        } catch (RuntimeException e) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .entity(Map.of("error", e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()))).build();
        }
    }
}
