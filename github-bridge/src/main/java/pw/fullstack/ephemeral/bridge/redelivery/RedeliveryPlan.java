package pw.fullstack.ephemeral.bridge.redelivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import pw.fullstack.ephemeral.bridge.translation.DeliveryTranslator;

/**
 * Which failed deliveries of a webhook to ask GitHub to redeliver: a pure function of GitHub's listing,
 * what this instance remembers, the time and the limits.
 *
 * <p>The attempts are grouped by event ({@code guid}). An event is left alone when:
 * <ul>
 *   <li>it is not one the bridge acts on ({@code pull_request}, {@code repository_dispatch});</li>
 *   <li>any attempt succeeded, or this instance published it (GitHub may show a 503 whose event the
 *       broker acknowledged later): <b>handled</b>;</li>
 *   <li>its latest attempt is older than {@code maxAge} (GitHub no longer redelivers it);</li>
 *   <li>its latest attempt was refused by the bridge itself (a 4xx other than 408/429): the same body
 *       would be refused again;</li>
 *   <li>this instance already asked to redeliver its latest attempt and GitHub has not made the new
 *       attempt yet: <b>pending</b>;</li>
 *   <li>GitHub's log already shows {@code maxRedeliveries} redeliveries of it: <b>abandoned</b>, for a
 *       person to look at.</li>
 * </ul>
 * Each of the others has its latest attempt redelivered, oldest event first, at most
 * {@code maxRequests}; the rest are <b>deferred</b> to the next pass. A redelivery that fails again (the
 * broker went down once more) is a new failed attempt, which a later pass may ask for, up to the cap.
 */
public final class RedeliveryPlan {

    static final Set<String> EVENTS = Set.of(DeliveryTranslator.PULL_REQUEST, DeliveryTranslator.REPOSITORY_DISPATCH);

    /**
     * @param maxAge          deliveries older than this are not redelivered
     * @param maxRequests     redelivery requests allowed
     * @param maxRedeliveries redeliveries of one event after which it is abandoned
     */
    public record Limits(Duration maxAge, int maxRequests, int maxRedeliveries) {

        Limits withMaxRequests(int requests) {
            return new Limits(maxAge, requests, maxRedeliveries);
        }
    }

    /**
     * @param redeliver the attempts to redeliver, oldest event first
     * @param pending   guids whose requested redelivery GitHub has not made yet
     * @param abandoned guids redelivered {@code maxRedeliveries} times without success
     * @param deferred  guids left for the next pass by {@code maxRequests}
     */
    public record Plan(List<HookDelivery> redeliver, List<String> pending, List<String> abandoned, List<String> deferred) {
    }

    private RedeliveryPlan() {
    }

    /**
     * @param published whether this instance published the event of a guid
     * @param requested whether this instance asked to redeliver that attempt (guid, attempt id)
     */
    public static Plan of(List<HookDelivery> listed, Predicate<String> published, BiPredicate<String, Long> requested,
                          Instant now, Limits limits) {
        Map<String, List<HookDelivery>> events = new LinkedHashMap<>();
        for (HookDelivery attempt : listed) {
            if (EVENTS.contains(attempt.event())) {
                events.computeIfAbsent(attempt.guid(), guid -> new ArrayList<>()).add(attempt);
            }
        }
        Comparator<HookDelivery> inOrder = Comparator.comparing(HookDelivery::deliveredAt).thenComparingLong(HookDelivery::id);
        List<List<HookDelivery>> candidates = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        List<String> abandoned = new ArrayList<>();
        Instant oldest = now.minus(limits.maxAge());
        for (Map.Entry<String, List<HookDelivery>> event : events.entrySet()) {
            String guid = event.getKey();
            List<HookDelivery> attempts = event.getValue().stream().sorted(inOrder).toList();
            HookDelivery latest = attempts.get(attempts.size() - 1);
            if (attempts.stream().anyMatch(HookDelivery::succeeded) || published.test(guid)
                    || latest.deliveredAt().isBefore(oldest) || !latest.retryable()) {
                continue;
            }
            if (requested.test(guid, latest.id())) {
                pending.add(guid);
            } else if (attempts.stream().filter(HookDelivery::redelivery).count() >= limits.maxRedeliveries()) {
                abandoned.add(guid);
            } else {
                candidates.add(attempts);
            }
        }
        candidates.sort(Comparator.comparing(attempts -> attempts.get(0), inOrder));
        int allowed = Math.max(0, Math.min(limits.maxRequests(), candidates.size()));
        List<HookDelivery> redeliver = candidates.subList(0, allowed).stream().map(a -> a.get(a.size() - 1)).toList();
        List<String> deferred = candidates.subList(allowed, candidates.size()).stream().map(a -> a.get(0).guid()).toList();
        return new Plan(redeliver, pending, abandoned, deferred);
    }
}
