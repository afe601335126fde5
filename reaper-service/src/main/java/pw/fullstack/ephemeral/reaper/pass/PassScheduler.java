package pw.fullstack.ephemeral.reaper.pass;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.reaper.ReaperConfig;
import pw.fullstack.ephemeral.reaper.expiry.ExpiryPolicy;

/**
 * Starts the pass every {@code reaper.interval} once the settings passed their check (building the
 * {@link ExpiryPolicy} here, at start-up, is what stops a misconfigured reaper before it does
 * anything). A pass still running when the next is due is not doubled (SKIP); a failed pass is
 * logged and the next one starts over.
 */
@ApplicationScoped
public class PassScheduler {

    private static final Logger LOG = Logger.getLogger(PassScheduler.class);

    @Inject
    Scheduler scheduler;

    @Inject
    ExpiryPolicy policy;

    @Inject
    ReaperPass pass;

    @Inject
    ReaperConfig config;

    void start(@Observes StartupEvent event) {
        LOG.infof("reaper: a pass every %s; grace period %s, max lifetime %s, orphan settle time %s, keep-until cap %s%s",
                policy.interval(), policy.gracePeriod(), policy.maxLifetime(), policy.settleTime(), policy.keepUntilCap(),
                config.dryRun() ? "; DRY RUN: nothing is published" : "");
        scheduler.newJob("reaper-pass")
                .setInterval(policy.interval().toString())
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> runPass())
                .schedule();
    }

    void runPass() {
        try {
            pass.run();
        } catch (RuntimeException e) {
            LOG.warnf("reaper pass failed, the next one starts over: %s", e.toString());
        }
    }
}
