package pw.fullstack.ephemeral.contracts.envelope;

import pw.fullstack.ephemeral.contracts.network.Dns1123;

/**
 * Topic names. One lifecycle topic keyed by cluster name, so a PR's events stay on one partition
 * in order; one dead-letter topic per consuming service, so a record one service rejects does not
 * show up as a failure of the others.
 */
public final class LifecycleTopic {

    public static final String NAME = "ephemeral.cluster-lifecycle";
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    private LifecycleTopic() {
    }

    /** {@code ephemeral.cluster-lifecycle.<service>.dlq}, e.g. {@code ephemeral.cluster-lifecycle.allocator.dlq}. */
    public static String deadLetterTopic(String service) {
        Dns1123.requireLabel("service name", service);
        return NAME + "." + service + DEAD_LETTER_SUFFIX;
    }
}
