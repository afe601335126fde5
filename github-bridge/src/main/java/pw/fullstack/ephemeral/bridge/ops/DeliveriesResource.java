package pw.fullstack.ephemeral.bridge.ops;

import io.quarkus.vertx.http.ManagementInterface;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;

/**
 * {@code GET /deliveries}: what this instance did with its last deliveries. Served on the management
 * interface ({@code quarkus.management.port}), never on the public webhook port: the listing names
 * repositories, PRs and delivery ids, which the internet has no business reading.
 */
@ApplicationScoped
public class DeliveriesResource {

    @Inject
    RecentDeliveries recent;

    void serve(@Observes ManagementInterface management) {
        management.router().get("/deliveries").handler(request -> request.json(list()));
    }

    public List<RecentDeliveries.Entry> list() {
        return recent.newestFirst();
    }
}
