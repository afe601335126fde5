package pw.fullstack.ephemeral.sandbox.board;

/** Where one PR's saga run stands, as the lifecycle topic tells it. */
public enum Stage {
    OPENED(false),
    QUEUED(false),
    ALLOCATED(false),
    READY(false),
    INSTALLED(false),
    FAILED(false),
    EXPIRED(false),
    DESTROYED(false),
    RELEASED(true);

    private final boolean finished;

    Stage(boolean finished) {
        this.finished = finished;
    }

    /** The run is over: the cluster is gone and its addresses are back in the pool. */
    public boolean finished() {
        return finished;
    }
}
