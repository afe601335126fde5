package pw.fullstack.ephemeral.bridge.translation;

import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;

/** What a delivery means for the saga. An invalid one raises {@code InvalidInputException} instead. */
public sealed interface Translation {

    /** A lifecycle event to publish; the delivery is answered 2xx only once the broker has it. */
    record Publish(EventEnvelope<? extends LifecycleEvent> envelope, String action) implements Translation {
    }

    /** Nothing to do; {@code reason} is ours (it never quotes the payload) and goes into the reply. */
    record Ignore(String action, String reason) implements Translation {
    }

    /** A dispatch, to be confirmed with GitHub before anything is published. */
    record Verify(DispatchClaim claim) implements Translation {
    }

    /**
     * Refused: what the delivery asks for is not so on GitHub (a dispatch for a PR that does not exist, is
     * in the other state, has another head, or comes from a fork). {@code reason} is ours; nothing is published.
     */
    record Refuse(String action, String reason) implements Translation {
    }

    /** GitHub's {@code ping}, sent when a webhook is created. */
    record Pong() implements Translation {
    }
}
