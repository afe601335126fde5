package pw.fullstack.ephemeral.sandbox.board;

/** Where one PR's saga run stands, as the lifecycle topic tells it. */
public enum Stage {
    OPENED(false),
    QUEUED(false),
    ALLOCATED(false),
    /** ClusterReady: the installer is putting Phase 1 and Phase 2 in. */
    INSTALLING(false),
    /** PhasesInstalled: the environment is ready for the app pipeline (its URL in the row's detail). */
    READY(false),
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
