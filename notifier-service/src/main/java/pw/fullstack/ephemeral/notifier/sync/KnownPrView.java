package pw.fullstack.ephemeral.notifier.sync;

import java.util.List;
import java.util.Map;
import pw.fullstack.ephemeral.notifier.comment.CommentRenderer;
import pw.fullstack.ephemeral.notifier.timeline.PrTimeline;

/** A PR as the notifier last wrote it, for the ops listing. */
public record KnownPrView(String cluster, String pullRequest, String run, String headline, Long commentId, String commentUrl,
                          Long deploymentId, String deploymentState, String deploymentError, String dispatchedEventId) {

    public static List<KnownPrView> of(Map<String, KnownPr> known) {
        return known.entrySet().stream().map(e -> {
            KnownPr pr = e.getValue();
            PrTimeline t = pr.written().timeline();
            return new KnownPrView(e.getKey(), t == null ? null : t.repository() + "#" + t.number(), t == null ? null : t.runId(),
                    t == null ? null : CommentRenderer.headline(t), pr.commentId(), pr.commentUrl(),
                    pr.progress().deploymentId(), pr.progress().lastDeploymentState(), pr.progress().deploymentError(),
                    pr.progress().dispatchedEventId());
        }).toList();
    }
}
