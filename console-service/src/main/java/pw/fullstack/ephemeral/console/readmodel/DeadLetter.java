package pw.fullstack.ephemeral.console.readmodel;

import java.time.Instant;

/**
 * A record a service refused and wrote to its dead-letter topic, with SmallRye's {@code dead-letter-reason}.
 *
 * @param service   whose dead-letter topic it is on ({@code ephemeral.cluster-lifecycle.<service>.dlq})
 * @param cluster   the record's key: the cluster name of the PR it concerns
 * @param eventType its {@code ce_type} without the prefix, when it had one
 * @param eventId   its {@code ce_id}, when it had one
 */
public record DeadLetter(String service, String topic, int partition, long offset, Instant time, String cluster,
                         String eventType, String eventId, String reason) {
}
