package pw.fullstack.ephemeral.notifier.timeline;

/** What became of one event when it was folded into a PR's timeline. */
public enum Verdict {
    /** It changed what the PR shows. */
    APPLIED,
    /** Its id was folded in before (redelivery, replay, restart). */
    DUPLICATE,
    /** It belongs to a run that is not the one the PR shows (an older run, or a close before the run opened). */
    OTHER_RUN,
    /** The PR shows no run yet, and this event does not start one. */
    NO_RUN,
    /** Nothing the PR author needs to see (e.g. IpReleased). */
    NOT_SHOWN
}
