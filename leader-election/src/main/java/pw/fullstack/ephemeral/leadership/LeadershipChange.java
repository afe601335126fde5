package pw.fullstack.ephemeral.leadership;

/**
 * CDI event fired when this replica becomes the leader ({@code leading}) and when it stops being it. Observers
 * start their loops (informers, scheduled passes, resume scans) on the first and stop them on the second; they
 * are called in order, on one thread, never while a renewal waits.
 */
public record LeadershipChange(boolean leading) {
}
