package pw.fullstack.ephemeral.bridge.redelivery;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.bridge.BridgeConfig;
import pw.fullstack.ephemeral.bridge.ops.BrokerReadinessCheck;
import pw.fullstack.ephemeral.bridge.webhook.PublishedDeliveries;

/**
 * Builds the redelivery pass from {@code bridge.redelivery.*} at start-up (credentials that cannot be
 * used stop the bridge with a message naming the setting) and runs it every
 * {@code bridge.redelivery.interval}, the first one interval after start. A pass still running when the
 * next is due is not doubled; a failed pass is logged and the next one starts over.
 */
@ApplicationScoped
public class RedeliverySetup {

    private static final Logger LOG = Logger.getLogger(RedeliverySetup.class);

    @Inject
    BridgeConfig config;

    @Inject
    Scheduler scheduler;

    @Inject
    PublishedDeliveries published;

    @Inject
    @Readiness
    BrokerReadinessCheck broker;

    @Inject
    RedeliveryStatus status;

    private volatile RedeliveryPass pass;

    void start(@Observes StartupEvent event) {
        BridgeConfig.Redelivery settings = config.redelivery();
        Optional<RedeliveryCredentials> credentials = RedeliveryCredentials.of(settings.app().id(), settings.app().privateKey(),
                settings.token(), settings.hooks().orElse(List.of()), Clock.systemUTC());
        if (credentials.isEmpty()) {
            LOG.info("redelivery of failed deliveries is off: no GitHub credentials configured (bridge.redelivery.*)");
            return;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
        List<HookDeliveriesApi> hooks = credentials.get().hooks().stream().map(hook -> new HookDeliveriesApi(
                settings.apiUrl(), hook, credentials.get().authorization(), http, settings.requestTimeout())).toList();
        pass = new RedeliveryPass(hooks, published, new RequestedRedeliveries(config.rememberedDeliveries()),
                () -> broker.call().getStatus() == HealthCheckResponse.Status.UP, Clock.systemUTC(),
                new RedeliveryPlan.Limits(settings.maxAge(), settings.maxRequestsPerPass(), settings.maxRedeliveries()),
                settings.maxPages(), status);
        String description = credentials.get().description() + " at " + settings.apiUrl() + ", "
                + credentials.get().hooks().stream().map(HookEndpoint::name).toList() + ", every " + pretty(settings.interval());
        status.configured(description);
        LOG.infof("redelivery of failed deliveries: %s; deliveries of the last %s, at most %d requests a pass, %d redeliveries"
                + " an event", description, pretty(settings.maxAge()), settings.maxRequestsPerPass(), settings.maxRedeliveries());
        scheduler.newJob("github-redelivery")
                .setInterval(settings.interval().toString())
                .setDelayed(settings.interval().toString())
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> runPass())
                .schedule();
    }

    /** The pass, when credentials are configured; for ops and tests that run one at once. */
    public Optional<RedeliveryPass> pass() {
        return Optional.ofNullable(pass);
    }

    void runPass() {
        try {
            pass.run();
        } catch (RuntimeException e) {
            LOG.warnf("redelivery pass failed, the next one starts over: %s", e.toString());
        }
    }

    private static String pretty(Duration duration) {
        return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
