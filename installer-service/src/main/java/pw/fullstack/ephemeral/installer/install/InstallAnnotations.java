package pw.fullstack.ephemeral.installer.install;

/**
 * The installer's state of one cluster, as annotations on the tools cluster's {@code Cluster} object
 * (written with patches next to the provisioner's; never a full replace). Everything a restarted
 * installer needs is here: the run, the ClusterReady it acts on, the step, the deadline.
 */
public final class InstallAnnotations {

    public static final String PREFIX = "ephemeral.fullstack.pw/install-";

    /** The saga run this installation is for. */
    public static final String RUN = PREFIX + "run";
    /** Id of that run's ClusterReady: PhasesInstalled / InstallFailed ids derive from it. */
    public static final String CAUSE_ID = PREFIX + "cause-id";
    /** That ClusterReady as JSON (a Vault reference, no secret): what the installation works from after a restart. */
    public static final String CLUSTER_READY = PREFIX + "cluster-ready";
    public static final String STEP = PREFIX + "step";
    public static final String STARTED = PREFIX + "started-at";
    /** When the first Phase 2 object was applied: with the overlap, often while Phase 1 still runs. */
    public static final String PHASE2_STARTED = PREFIX + "phase2-started-at";
    /** When Phase 1 was seen done (every Job Complete, every release Available, the CRDs Established). */
    public static final String PHASE1_DONE = PREFIX + "phase1-done-at";
    /** Which Phase 2 objects were applied ({@link Phase2Readiness#key}), comma-separated: not applied again. */
    public static final String PHASE2_APPLIED = PREFIX + "phase2-applied";
    public static final String DNS_CHECK_STARTED = PREFIX + "dns-check-started-at";
    /** Deadline of the current step. */
    public static final String DEADLINE = PREFIX + "deadline";
    /** Components with versions, as JSON, once Phase 2 was applied. */
    public static final String COMPONENTS = PREFIX + "components";
    public static final String FINISHED = PREFIX + "finished-at";
    public static final String WARNING = PREFIX + "warning";
    public static final String FAILURE_PHASE = PREFIX + "failure-phase";
    public static final String FAILURE_STEP = PREFIX + "failure-step";
    public static final String FAILURE_REASON = PREFIX + "failure-reason";
    /** Id of the owning run's ClusterExpired: DnsReleased's id derives from it. */
    public static final String RELEASE_CAUSE_ID = PREFIX + "release-cause-id";
    public static final String RELEASE_STARTED = PREFIX + "release-started-at";
    /** Whether a DNSEndpoint of ours existed when the release started ({@code true}/{@code false}), once known. */
    public static final String RELEASE_HAD_RECORD = PREFIX + "release-had-record";
    /** Written after the run's last event (PhasesInstalled, InstallFailed, DnsReleased) was acknowledged. */
    public static final String REPORTED = PREFIX + "reported-at";

    /** The provisioner's: the run that owns the cluster. */
    public static final String OWNER = "ephemeral.fullstack.pw/correlation-id";
    public static final String READY_REPORTED = "ephemeral.fullstack.pw/ready-reported-at";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String PROVISIONER = "ephemeral-provisioner";
    /** The label on everything the installer creates in a workload cluster. */
    public static final String INSTALLER = "ephemeral-installer";

    private InstallAnnotations() {
    }
}
