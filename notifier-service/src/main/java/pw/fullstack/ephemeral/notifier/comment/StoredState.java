package pw.fullstack.ephemeral.notifier.comment;

import pw.fullstack.ephemeral.notifier.deployment.GitHubEffects;
import pw.fullstack.ephemeral.notifier.timeline.PrTimeline;

/** Everything the notifier keeps about a PR, stored (as JSON) in a hidden part of the PR's comment. */
public record StoredState(PrTimeline timeline, GitHubEffects effects) {

    public static final StoredState EMPTY = new StoredState(null, GitHubEffects.NONE);

    public StoredState {
        effects = effects == null ? GitHubEffects.NONE : effects;
    }

    public StoredState withTimeline(PrTimeline next) {
        return new StoredState(next, effects);
    }

    public StoredState withEffects(GitHubEffects next) {
        return new StoredState(timeline, next);
    }
}
