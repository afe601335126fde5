package pw.fullstack.ephemeral.bridge.redelivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.bridge.webhook.PublishedDeliveries;

/**
 * One pass over the configured webhooks: list each one's recent deliveries, decide
 * ({@link RedeliveryPlan}) and ask GitHub to redeliver, at most {@code maxRequests} in all. Skipped
 * while the broker does not answer (every redelivery would be refused again, and count against the
 * event's cap); a pass that GitHub's API fails ends there, and the next starts over. One pass at a time.
 */
public final class RedeliveryPass {

    private static final Logger LOG = Logger.getLogger(RedeliveryPass.class);

    public enum Outcome {
        SUCCEEDED, FAILED, SKIPPED;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What one pass did.
     *
     * @param listed    attempts read from GitHub
     * @param requested attempts GitHub accepted to redeliver
     * @param refused   attempts GitHub would not redeliver (too old, gone)
     * @param abandoned events redelivered {@code max-redeliveries} times without success
     * @param reason    why it failed or was skipped
     */
    public record Result(Instant at, Outcome outcome, int listed, List<Long> requested, List<Long> refused,
                         List<String> pending, List<String> abandoned, List<String> deferred, String reason) {
    }

    private final List<HookDeliveriesApi> hooks;
    private final PublishedDeliveries published;
    private final RequestedRedeliveries requested;
    private final BooleanSupplier brokerReachable;
    private final Clock clock;
    private final RedeliveryPlan.Limits limits;
    private final int maxPages;
    private final RedeliveryStatus status;

    public RedeliveryPass(List<HookDeliveriesApi> hooks, PublishedDeliveries published, RequestedRedeliveries requested,
                          BooleanSupplier brokerReachable, Clock clock, RedeliveryPlan.Limits limits, int maxPages,
                          RedeliveryStatus status) {
        this.hooks = List.copyOf(hooks);
        this.published = published;
        this.requested = requested;
        this.brokerReachable = brokerReachable;
        this.clock = clock;
        this.limits = limits;
        this.maxPages = maxPages;
        this.status = status;
    }

    public synchronized Result run() {
        Instant now = clock.instant();
        Result result;
        if (!brokerReachable.getAsBoolean()) {
            result = new Result(now, Outcome.SKIPPED, 0, List.of(), List.of(), List.of(), List.of(), List.of(),
                    "the broker does not answer; a redelivery would be refused again");
            LOG.infof("redelivery pass skipped: %s", result.reason());
        } else {
            result = pass(now);
        }
        status.record(result);
        return result;
    }

    private Result pass(Instant now) {
        int listed = 0;
        List<Long> accepted = new ArrayList<>();
        List<Long> refused = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        List<String> abandoned = new ArrayList<>();
        List<String> deferred = new ArrayList<>();
        try {
            for (HookDeliveriesApi hook : hooks) {
                List<HookDelivery> recent = hook.since(now.minus(limits.maxAge()), maxPages);
                listed += recent.size();
                int budget = limits.maxRequests() - accepted.size() - refused.size();
                RedeliveryPlan.Plan plan = RedeliveryPlan.of(recent, published::published, requested::requested, now,
                        limits.withMaxRequests(budget));
                pending.addAll(plan.pending());
                abandoned.addAll(plan.abandoned());
                deferred.addAll(plan.deferred());
                plan.abandoned().forEach(guid -> LOG.warnf("delivery %s of %s failed %d redeliveries; not asked again"
                        + " (redeliver it by hand once the cause is fixed)", guid, hook.hook().name(), limits.maxRedeliveries()));
                for (HookDelivery attempt : plan.redeliver()) {
                    HookDeliveriesApi.Redelivery answer = hook.redeliver(attempt.id());
                    requested.requested(attempt.guid(), attempt.id());
                    (answer == HookDeliveriesApi.Redelivery.ACCEPTED ? accepted : refused).add(attempt.id());
                    LOG.infof("delivery %s (%s %s, %s at %s) of %s: redelivery %s", attempt.guid(), attempt.event(),
                            attempt.action(), attempt.status(), attempt.deliveredAt(), hook.hook().name(),
                            answer == HookDeliveriesApi.Redelivery.ACCEPTED ? "asked" : "refused by GitHub");
                }
            }
        } catch (GitHubApiException e) {
            LOG.warnf("redelivery pass failed, the next one starts over: %s", e.getMessage());
            return new Result(now, Outcome.FAILED, listed, accepted, refused, pending, abandoned, deferred, e.getMessage());
        }
        if (!accepted.isEmpty() || !deferred.isEmpty()) {
            LOG.infof("redelivery pass: %d deliveries listed, %d redeliveries asked, %d deferred to the next pass",
                    listed, accepted.size(), deferred.size());
        }
        return new Result(now, Outcome.SUCCEEDED, listed, accepted, refused, pending, abandoned, deferred, null);
    }
}
