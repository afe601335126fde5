package pw.fullstack.ephemeral.sandbox.bench;

/** A point an environment passes on its way to ready, timed by the event's own {@code time} (or the tools API's journal). */
public enum Milestone {
    PR_OPENED, IP_ALLOCATED, CLUSTER_API_APPLIED, CLUSTER_READY, PHASES_INSTALLED
}
