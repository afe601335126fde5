package pw.fullstack.ephemeral.console.readmodel;

/** Where a PR's latest saga run stands, as the lifecycle topic tells it. */
public enum State {
    /** PrOpened: the allocator has not answered yet. */
    OPENED,
    /** AllocationQueued: waiting for addresses (the pool is full). */
    QUEUED,
    /** AllocationRefused: a limit (per repository, queue length) turned it away. */
    REFUSED,
    /** IpAllocated: the provisioner is bringing the cluster up. */
    PROVISIONING,
    /** ClusterReady: the installer is putting Phase 1 and Phase 2 in. */
    INSTALLING,
    /** PhasesInstalled: the environment is ready for the app pipeline. */
    READY,
    /** ProvisioningFailed or InstallFailed. */
    FAILED,
    /** ClusterExpired: the teardown is under way. */
    EXPIRING,
    /** ClusterDestroyed: the cluster is gone, its addresses not yet released. */
    DESTROYED,
    /** IpReleased: the run is over, its addresses are back in the pool. */
    RELEASED;

    /** A state in which nothing is expected to happen without an outside cause (a PR closing, a free address). */
    public boolean resting() {
        return this == READY || this == FAILED || this == RELEASED || this == QUEUED || this == REFUSED;
    }
}
