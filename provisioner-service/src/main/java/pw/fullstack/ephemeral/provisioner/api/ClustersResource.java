package pw.fullstack.ephemeral.provisioner.api;

import io.quarkus.vertx.http.ManagementInterface;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import pw.fullstack.ephemeral.provisioner.ProvisionerConfig;
import pw.fullstack.ephemeral.provisioner.clusterapi.ClusterLabels;
import pw.fullstack.ephemeral.provisioner.clusterapi.Condition;
import pw.fullstack.ephemeral.provisioner.clusterapi.ToolsCluster;
import pw.fullstack.ephemeral.provisioner.reconcile.ClusterState;
import pw.fullstack.ephemeral.provisioner.reconcile.Phase;
import pw.fullstack.ephemeral.provisioner.reconcile.Reconciler;

/**
 * {@code GET /clusters}: every managed cluster with its phase and deadlines, read from the tools cluster.
 * Served on the management interface ({@code quarkus.management.port}) with health and metrics, not on
 * the main HTTP port.
 */
@ApplicationScoped
public class ClustersResource {

    @Inject
    ToolsCluster tools;

    @Inject
    ProvisionerConfig config;

    public record ClusterView(String name, Phase phase, String repository, String pr, String dnsName, String addresses,
                              String correlationId, String provisioningStartedAt, String provisioningDeadline,
                              String readyReportedAt, String teardownReason, String teardownRequestedAt,
                              String dnsReleaseDeadline, String dnsReleasedAt,
                              boolean clusterPresent, boolean clusterDeleting, List<String> conditions,
                              String lastReconciledAt, String lastStep) {
    }

    @Inject
    Reconciler reconciler;

    void serve(@Observes ManagementInterface management) {
        // Reads the tools cluster's API: off the event loop.
        management.router().get("/clusters").blockingHandler(request -> request.json(list()));
    }

    public List<ClusterView> list() {
        Instant now = Instant.now();
        return tools.managedNames().stream()
                .map(tools::state)
                .flatMap(Optional::stream)
                .map(state -> view(state, now))
                .toList();
    }

    private ClusterView view(ClusterState s, Instant now) {
        return new ClusterView(s.name(), Phase.of(s, now, config.teardownStuckAfter()),
                a(s, ClusterLabels.REPOSITORY), a(s, ClusterLabels.PR_NUMBER), a(s, ClusterLabels.DNS_NAME),
                a(s, ClusterLabels.ADDRESSES), a(s, ClusterLabels.CORRELATION_ID), a(s, ClusterLabels.PROVISIONING_STARTED),
                a(s, ClusterLabels.PROVISIONING_DEADLINE), a(s, ClusterLabels.READY_REPORTED), a(s, ClusterLabels.TEARDOWN_REASON),
                a(s, ClusterLabels.TEARDOWN_REQUESTED), a(s, ClusterLabels.DNS_RELEASE_DEADLINE),
                a(s, ClusterLabels.DNS_RELEASED), s.clusterPresent(), s.clusterDeleting(),
                s.conditions().stream().map(Condition::describe).toList(),
                reconciler.lastLook(s.name()).map(l -> l.readAt().toString()).orElse(null),
                reconciler.lastLook(s.name()).map(Reconciler.LastLook::step).orElse(null));
    }

    private static String a(ClusterState state, String key) {
        return state.annotation(key).orElse(null);
    }
}
