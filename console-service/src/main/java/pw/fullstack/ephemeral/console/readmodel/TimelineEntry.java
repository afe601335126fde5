package pw.fullstack.ephemeral.console.readmodel;

import java.time.Duration;
import java.time.Instant;

/**
 * One event of a PR's story, with only what may be shown to anyone who can open the console.
 *
 * @param service    the emitting service (the last segment of the event's CloudEvents source)
 * @param cause      the type of the event this one reacts to, when that event is in the PR's story
 * @param afterCause how long after its cause it happened
 * @param detail     what it says, in words; never a kubeconfig location, API endpoint or token
 * @param failure    a failure or a refusal
 */
public record TimelineEntry(String id, String type, Instant time, String service, String runId, String cause,
                            Duration afterCause, String detail, boolean failure) {
}
