package pw.fullstack.ephemeral.bridge.webhook;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.bridge.BridgeConfig;
import pw.fullstack.ephemeral.bridge.github.WebhookSignature;
import pw.fullstack.ephemeral.bridge.ops.DeliveryMetrics;
import pw.fullstack.ephemeral.bridge.ops.DeliveryOutcome;
import pw.fullstack.ephemeral.bridge.ops.RecentDeliveries;
import pw.fullstack.ephemeral.bridge.translation.Delivery;
import pw.fullstack.ephemeral.bridge.translation.DeliveryTranslator;
import pw.fullstack.ephemeral.bridge.translation.Translation;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.messaging.LifecyclePublisher;

/**
 * {@code POST /github/webhook}: the only endpoint meant to be reachable from the internet.
 *
 * <ol>
 *   <li>Bodies over {@code bridge.webhook.max-body-size} are refused with 413 by the HTTP layer
 *       before they are read.</li>
 *   <li>The signature is checked over the raw bytes before anything else is looked at: 401.</li>
 *   <li>Not JSON: 415. Headers or payload malformed or refused by the contracts' rules: 400 with
 *       the reason.</li>
 *   <li>{@code ping}: 200. Events, actions and PRs the bridge does not act on: 204, the reason in
 *       the {@value #OUTCOME_HEADER} header.</li>
 *   <li>A delivery whose event this instance already published (a redelivery): 200, nothing
 *       published again ({@link PublishedDeliveries}).</li>
 *   <li>Otherwise the event is published and the answer waits for the broker's acknowledgement,
 *       at most {@code bridge.publish-timeout}: 200 with the event's id, or 503 so the delivery
 *       shows as failed in GitHub and can be redelivered (same delivery id, so the same event id).</li>
 * </ol>
 *
 * <p>Runs on the event loop: verifying, parsing and translating a body of at most a megabyte takes
 * milliseconds, and the wait for the broker is asynchronous.
 */
@Path("/github/webhook")
public class WebhookResource {

    public static final String OUTCOME_HEADER = "X-Bridge-Outcome";
    private static final Logger LOG = Logger.getLogger(WebhookResource.class);
    private static final Pattern LOGGABLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Inject
    WebhookSignature signature;

    @Inject
    DeliveryTranslator translator;

    @Inject
    LifecyclePublisher publisher;

    @Inject
    BridgeConfig config;

    @Inject
    DeliveryMetrics metrics;

    @Inject
    RecentDeliveries recent;

    @Inject
    PublishedDeliveries published;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> receive(@HeaderParam(Delivery.EVENT_HEADER) String event,
                                 @HeaderParam(Delivery.DELIVERY_HEADER) String deliveryId,
                                 @HeaderParam(WebhookSignature.HEADER) String signatureHeader,
                                 @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                 byte[] rawBody) {
        Instant receivedAt = Instant.now();
        byte[] body = rawBody == null ? new byte[0] : rawBody;
        Received received = new Received(receivedAt, loggable(deliveryId), loggable(event));
        if (!signature.isValid(body, signatureHeader)) {
            LOG.warnf("delivery %s (%s) refused: missing or invalid %s", received.deliveryId(), received.event(),
                    WebhookSignature.HEADER);
            return done(received, null, DeliveryOutcome.UNAUTHORIZED,
                    DeliveryReply.of("unauthorized", "missing or invalid " + WebhookSignature.HEADER));
        }
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(MediaType.APPLICATION_JSON)) {
            return done(received, null, DeliveryOutcome.UNSUPPORTED_MEDIA_TYPE,
                    DeliveryReply.of("unsupported-media-type", "set the webhook's content type to application/json"));
        }
        Translation translation;
        try {
            translation = translator.translate(new Delivery(event, deliveryId, receivedAt, body));
        } catch (InvalidInputException e) {
            LOG.warnf("delivery %s (%s) refused: %s", received.deliveryId(), received.event(), e.getMessage());
            return done(received, null, DeliveryOutcome.INVALID, DeliveryReply.of("invalid", e.getMessage()));
        }
        if (translation instanceof Translation.Publish publish) {
            EventEnvelope<? extends LifecycleEvent> envelope = publish.envelope();
            if (published.published(deliveryId, envelope.id())) {
                LOG.infof("delivery %s (%s %s) already published as %s %s: not published again", received.deliveryId(),
                        received.event(), publish.action(), envelope.type().eventName(), envelope.id());
                return done(received, publish.action(), DeliveryOutcome.DUPLICATE, reply("duplicate",
                        "already published by this instance; not published again", envelope), envelope);
            }
            return publish(received, deliveryId, publish);
        }
        if (translation instanceof Translation.Ignore ignore) {
            LOG.infof("delivery %s (%s %s) ignored: %s", received.deliveryId(), received.event(),
                    ignore.action() == null ? "" : ignore.action(), ignore.reason());
            return done(received, ignore.action(), DeliveryOutcome.IGNORED, DeliveryReply.of("ignored", ignore.reason()));
        }
        return done(received, null, DeliveryOutcome.PONG, DeliveryReply.of("pong", null));
    }

    private Uni<Response> publish(Received received, String deliveryId, Translation.Publish publish) {
        EventEnvelope<? extends LifecycleEvent> envelope = publish.envelope();
        Duration timeout = config.publishTimeout();
        long started = System.nanoTime();
        AtomicBoolean answeredUnavailable = new AtomicBoolean();
        CompletableFuture<Void> acknowledged = Uni.createFrom().deferred(() -> publisher.publish(envelope))
                .subscribeAsCompletionStage();
        // Remembered whenever the broker acknowledges, also after the 503: the producer keeps trying for
        // delivery.timeout.ms, and a redelivery must then publish nothing.
        acknowledged.thenRun(() -> {
            published.remember(deliveryId, envelope.id());
            if (answeredUnavailable.get()) {
                recent.acknowledgedLate(deliveryId, envelope.id());
                LOG.warnf("delivery %s: %s %s acknowledged after the 503; its redelivery will publish nothing",
                        received.deliveryId(), envelope.type().eventName(), envelope.id());
            }
        });
        // A copy, so that the timeout below cancels the wait, not the acknowledgement.
        return Uni.createFrom().completionStage(acknowledged.copy())
                .ifNoItem().after(timeout).fail()
                .onItemOrFailure().transformToUni((ignored, failure) -> {
                    Duration took = Duration.ofNanos(System.nanoTime() - started);
                    if (failure == null) {
                        metrics.published("acknowledged", took);
                        LOG.infof("delivery %s (%s %s) published %s %s for %s", received.deliveryId(), received.event(),
                                publish.action(), envelope.type().eventName(), envelope.id(), envelope.subject());
                        return done(received, publish.action(), DeliveryOutcome.PUBLISHED, reply("published", null, envelope),
                                envelope);
                    }
                    boolean timedOut = failure instanceof TimeoutException;
                    metrics.published(timedOut ? "timed-out" : "failed", took);
                    LOG.errorf("delivery %s (%s %s): %s %s for %s not acknowledged by the broker (%s); answered 503",
                            received.deliveryId(), received.event(), publish.action(), envelope.type().eventName(),
                            envelope.id(), envelope.subject(), timedOut ? "no answer within " + timeout : failure.toString());
                    Uni<Response> unavailable = done(received, publish.action(), DeliveryOutcome.UNAVAILABLE,
                            DeliveryReply.of("unavailable", "the event bus did not acknowledge the event; redeliver this delivery"),
                            envelope);
                    answeredUnavailable.set(true);
                    if (acknowledged.isDone() && !acknowledged.isCompletedExceptionally()) {
                        recent.acknowledgedLate(deliveryId, envelope.id()); // acknowledged in between
                    }
                    return unavailable;
                });
    }

    private static DeliveryReply reply(String outcome, String message, EventEnvelope<? extends LifecycleEvent> envelope) {
        return new DeliveryReply(outcome, message, envelope.type().eventName(), envelope.id(), envelope.subject());
    }

    private Uni<Response> done(Received received, String action, DeliveryOutcome outcome, DeliveryReply reply) {
        return done(received, action, outcome, reply, null);
    }

    private Uni<Response> done(Received received, String action, DeliveryOutcome outcome, DeliveryReply reply,
                               EventEnvelope<? extends LifecycleEvent> envelope) {
        metrics.delivered(outcome, received.event());
        recent.add(new RecentDeliveries.Entry(received.at(), received.deliveryId(), received.event(), action,
                outcome.tag(), outcome.status(), reply.message(),
                envelope == null ? null : envelope.data().pullRequest().toString(),
                envelope == null ? null : envelope.type().eventName(), envelope == null ? null : envelope.id(),
                envelope == null ? null : envelope.subject(), false));
        Response.ResponseBuilder response = Response.status(outcome.status());
        if (outcome == DeliveryOutcome.IGNORED) {
            response.header(OUTCOME_HEADER, "ignored: " + reply.message());
        } else {
            response.entity(reply).type(MediaType.APPLICATION_JSON_TYPE);
        }
        return Uni.createFrom().item(response.build());
    }

    /** Header values go into logs and the listing only when they cannot forge a log line. */
    private static String loggable(String header) {
        return header != null && LOGGABLE.matcher(header).matches() ? header : null;
    }

    private record Received(Instant at, String deliveryId, String event) {
    }
}
