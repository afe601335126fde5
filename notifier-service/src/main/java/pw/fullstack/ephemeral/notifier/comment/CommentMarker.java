package pw.fullstack.ephemeral.notifier.comment;

/**
 * The first hidden line of the notifier's comment, which identifies it
 * ({@code <!-- ephemeral-clusters:notifier cluster=<name> run=<id> -->}); the last one holds the
 * sealed state ({@link StateSeal}; HTML comments are not rendered, base64 has no {@code -} or
 * {@code >}, so it cannot end the HTML comment). A comment is ours only if it carries the marker for
 * this cluster <em>and</em> was written by the notifier's own login: anyone can paste a marker.
 */
public final class CommentMarker {

    private static final String PREFIX = "<!-- ephemeral-clusters:notifier cluster=";

    private CommentMarker() {
    }

    public static String marker(String clusterName, String runId) {
        return PREFIX + clusterName + " run=" + runId + " -->";
    }

    /** Whether {@code body} is the notifier's comment for this cluster (the author is checked by the caller). */
    public static boolean isFor(String body, String clusterName) {
        return body != null && body.contains(PREFIX + clusterName + " ");
    }
}
