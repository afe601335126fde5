package pw.fullstack.ephemeral.installer.api;

import io.quarkus.vertx.http.ManagementInterface;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import pw.fullstack.ephemeral.installer.InstallerConfig;
import pw.fullstack.ephemeral.installer.install.InstallAnnotations;
import pw.fullstack.ephemeral.installer.install.InstallPlan;
import pw.fullstack.ephemeral.installer.install.InstallStep;
import pw.fullstack.ephemeral.installer.install.Installation;

/**
 * {@code GET /installations}: every managed cluster's installation, read from the tools cluster's
 * annotations. Served on the management interface ({@code quarkus.management.port}) with health and
 * metrics, not on the main HTTP port.
 */
@ApplicationScoped
public class InstallationsResource {

    @Inject
    pw.fullstack.ephemeral.installer.toolscluster.ToolsCluster tools;

    @Inject
    InstallerConfig config;

    /**
     * @param run   the run the installation is for; {@code owner} the run that owns the cluster now
     *              (they differ for a moment after a reopened PR adopted the cluster)
     * @param stuck past its step's deadline by more than {@code installer.stuck-after}
     */
    public record InstallationView(String cluster, String run, String owner, String step, String startedAt,
                                   String phase2StartedAt, String dnsCheckStartedAt, String deadline, String finishedAt,
                                   String warning, String failurePhase, String failureStep, String failureReason,
                                   String releaseStartedAt, String reportedAt, boolean stuck) {
    }

    void serve(@Observes ManagementInterface management) {
        // Reads the tools cluster's API: off the event loop.
        management.router().get("/installations").blockingHandler(request -> request.json(list()));
    }

    public List<InstallationView> list() {
        Instant now = Instant.now();
        return tools.installations().stream()
                .filter(i -> i.run().isPresent())
                .map(i -> new InstallationView(i.name(), a(i, InstallAnnotations.RUN), i.owner().orElse(null),
                        i.step().map(InstallStep::wireName).orElse(null), a(i, InstallAnnotations.STARTED),
                        a(i, InstallAnnotations.PHASE2_STARTED), a(i, InstallAnnotations.DNS_CHECK_STARTED),
                        a(i, InstallAnnotations.DEADLINE), a(i, InstallAnnotations.FINISHED), a(i, InstallAnnotations.WARNING),
                        a(i, InstallAnnotations.FAILURE_PHASE), a(i, InstallAnnotations.FAILURE_STEP),
                        a(i, InstallAnnotations.FAILURE_REASON), a(i, InstallAnnotations.RELEASE_STARTED),
                        a(i, InstallAnnotations.REPORTED), InstallPlan.stuck(i, config.stuckAfter(), now)))
                .toList();
    }

    private static String a(Installation installation, String key) {
        return installation.annotation(key).orElse(null);
    }
}
