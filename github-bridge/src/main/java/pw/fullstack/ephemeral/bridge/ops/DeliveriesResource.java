package pw.fullstack.ephemeral.bridge.ops;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET /deliveries}: what this instance did with its last deliveries. Internal: do not expose publicly. */
@Path("/deliveries")
public class DeliveriesResource {

    @Inject
    RecentDeliveries recent;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<RecentDeliveries.Entry> list() {
        return recent.newestFirst();
    }
}
