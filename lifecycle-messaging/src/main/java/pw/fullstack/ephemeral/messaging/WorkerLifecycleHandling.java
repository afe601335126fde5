package pw.fullstack.ephemeral.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.envelope.InvalidEventException;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;

/**
 * How a service whose handlers do blocking I/O (Kubernetes, Vault) takes one lifecycle record: decode
 * it, run the handler on a worker thread so the Kafka polling thread never blocks, and acknowledge the
 * record only once the handler returned.
 *
 * <p>Two kinds of failure, two answers:
 * <ul>
 *   <li>refused — a record that is not a valid event, an event the handler refused
 *       ({@link RefusedEventException}, {@link InvalidInputException}): retrying cannot change it, so it
 *       is nacked with the reason at once, which sends it to the service's dead-letter topic, and the
 *       consumer goes on;</li>
 *   <li>anything else — Vault sealed, an API server restarting, a publish the broker did not
 *       acknowledge: unavailable is not invalid. The same record is tried again with back-off, without
 *       limit, and never dead-lettered (nothing would re-drive it, and its PR would never get its cluster
 *       or give back its addresses). Meanwhile {@link #failing()} names the event and the cause, for the
 *       service's readiness check. The handlers are idempotent, so each try starts over safely.</li>
 * </ul>
 *
 * <p>Records are handled one at a time, in order: while one is being retried, the ones behind it wait
 * (SmallRye pauses the partitions; the consumer stays in its group). The channel's
 * {@code throttled.unprocessed-record-max-age.ms} must therefore be longer than the outages to ride out
 * without a restart.
 */
public final class WorkerLifecycleHandling {

    private static final Logger LOG = Logger.getLogger(WorkerLifecycleHandling.class);

    /**
     * The event whose handling is failing right now.
     *
     * @param since    when its first try failed
     * @param attempts tries so far
     * @param cause    the last failure, as {@code ExceptionClass: message}
     */
    public record Failing(String eventType, String eventId, String cluster, Instant since, int attempts, String cause) {

        public String describe() {
            return eventType + " " + eventId + " for " + cluster + " failing since " + since + " (" + attempts
                    + " tries): " + cause;
        }
    }

    private final Duration firstBackOff;
    private final Duration maxBackOff;
    private final Clock clock;
    private final AtomicReference<Failing> failing = new AtomicReference<>();
    private volatile java.util.function.BooleanSupplier active = () -> true;

    /** Thrown instead of trying (again) once this replica stopped handling records: the record is abandoned. */
    private static final class NoLongerActive extends RuntimeException {
        NoLongerActive() {
            super(null, null, false, false);
        }
    }

    public WorkerLifecycleHandling(Duration firstBackOff, Duration maxBackOff) {
        this(firstBackOff, maxBackOff, Clock.systemUTC());
    }

    WorkerLifecycleHandling(Duration firstBackOff, Duration maxBackOff, Clock clock) {
        if (firstBackOff.isNegative() || firstBackOff.isZero() || maxBackOff.compareTo(firstBackOff) < 0) {
            throw new IllegalArgumentException("back-off must be positive and max >= first: " + firstBackOff + ", " + maxBackOff);
        }
        this.firstBackOff = firstBackOff;
        this.maxBackOff = maxBackOff;
        this.clock = clock;
    }

    /**
     * Handles (and retries) records only while {@code active} says so: a replica that stopped leading abandons the
     * record it holds, neither acknowledged nor dead-lettered, so the replica that leads now gets it again from the
     * last committed offset instead of both retrying it.
     */
    public WorkerLifecycleHandling onlyWhile(java.util.function.BooleanSupplier active) {
        this.active = active;
        return this;
    }

    /** The event being retried and why; empty while handling succeeds. */
    public Optional<Failing> failing() {
        return Optional.ofNullable(failing.get());
    }

    /**
     * @param wanted the events this service handles; others are acknowledged without work
     */
    public Uni<Void> handle(Message<byte[]> message, Predicate<LifecycleEvent> wanted,
                            Consumer<EventEnvelope<LifecycleEvent>> handler) {
        EventEnvelope<LifecycleEvent> envelope;
        try {
            envelope = IncomingLifecycleEvents.decode(message);
        } catch (InvalidEventException | InvalidInputException e) {
            LOG.warnf("invalid lifecycle record sent to the dead-letter topic: %s", e.getMessage());
            return Uni.createFrom().completionStage(message.nack(e));
        }
        if (!wanted.test(envelope.data())) {
            return Uni.createFrom().completionStage(message.ack());
        }
        return Uni.createFrom().item(() -> {
                    if (!active.getAsBoolean()) {
                        throw new NoLongerActive();
                    }
                    handler.accept(envelope);
                    return (Void) null;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure(WorkerLifecycleHandling::retryable).invoke(failure -> failed(envelope, failure))
                .onFailure(WorkerLifecycleHandling::retryable).retry().withBackOff(firstBackOff, maxBackOff).indefinitely()
                .onItemOrFailure().transformToUni((ignored, failure) -> {
                    recovered(envelope);
                    if (failure instanceof NoLongerActive) {
                        LOG.infof("%s %s for %s left to the replica that leads now (not acknowledged)",
                                envelope.type().eventName(), envelope.id(), envelope.subject());
                        return Uni.createFrom().voidItem();
                    }
                    if (failure != null) {
                        LOG.warnf("%s %s for %s refused, sent to the dead-letter topic: %s", envelope.type().eventName(),
                                envelope.id(), envelope.subject(), failure.getMessage());
                        return Uni.createFrom().completionStage(message.nack(failure));
                    }
                    return Uni.createFrom().completionStage(message.ack());
                });
    }

    private static boolean retryable(Throwable failure) {
        return !(failure instanceof RefusedEventException || failure instanceof InvalidInputException
                || failure instanceof NoLongerActive);
    }

    private void failed(EventEnvelope<LifecycleEvent> envelope, Throwable failure) {
        String cause = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        Failing now = failing.updateAndGet(previous -> previous != null && previous.eventId().equals(envelope.id())
                ? new Failing(previous.eventType(), previous.eventId(), previous.cluster(), previous.since(),
                        previous.attempts() + 1, cause)
                : new Failing(envelope.type().eventName(), envelope.id(), envelope.subject(), clock.instant(), 1, cause));
        if (now.attempts() == 1) {
            LOG.warnf(failure, "%s, retrying until it succeeds", now.describe());
        } else {
            LOG.warnf("%s, retrying until it succeeds", now.describe());
        }
    }

    private void recovered(EventEnvelope<LifecycleEvent> envelope) {
        Failing before = failing.getAndUpdate(current -> current != null && current.eventId().equals(envelope.id()) ? null : current);
        if (before != null && before.eventId().equals(envelope.id())) {
            LOG.infof("%s %s for %s handled after %d failed tries", before.eventType(), before.eventId(), before.cluster(),
                    before.attempts());
        }
    }
}
