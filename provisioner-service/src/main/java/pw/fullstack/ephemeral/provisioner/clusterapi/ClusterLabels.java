package pw.fullstack.ephemeral.provisioner.clusterapi;

/**
 * Labels and annotations the provisioner writes on every object it applies (Namespace, Cluster and
 * the provider objects). They hold everything a restarted provisioner needs: the saga run, the
 * cause to derive event ids from, the addresses, the DNS name, the deadline, and the teardown in
 * progress. The Namespace carries them too, because it outlives the Cluster during teardown.
 */
public final class ClusterLabels {

    public static final String PREFIX = "ephemeral.fullstack.pw/";

    // labels
    public static final String EPHEMERAL = "ephemeral";
    public static final String PR = "pr";
    public static final String REPO = "repo";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "ephemeral-provisioner";

    // annotations
    /** The saga run that owns the cluster now: only its events act on it. */
    public static final String CORRELATION_ID = PREFIX + "correlation-id";
    /** The owning run's PrOpened openedAt (GitHub's time): with the correlation id it orders runs ({@code SagaRun}). */
    public static final String OPENED_AT = PREFIX + "opened-at";
    /** The owning run's IpAllocated, as JSON: what the objects are rendered from, again after a crash. */
    public static final String IP_ALLOCATED = PREFIX + "ip-allocated";
    /** Id of the IpAllocated that created the cluster: ClusterReady / ProvisioningFailed ids derive from it. */
    public static final String CAUSE_ID = PREFIX + "ip-allocated-id";
    public static final String REPOSITORY = PREFIX + "repository";
    public static final String PR_NUMBER = PREFIX + "pr-number";
    public static final String ADDRESSES = PREFIX + "addresses";
    public static final String DNS_NAME = PREFIX + "dns-name";
    public static final String PROVISIONING_STARTED = PREFIX + "provisioning-started-at";
    public static final String PROVISIONING_DEADLINE = PREFIX + "provisioning-deadline";
    /** Written after ClusterReady was acknowledged by the broker. */
    public static final String READY_REPORTED = PREFIX + "ready-reported-at";
    /** Written after ProvisioningFailed was acknowledged by the broker. */
    public static final String FAILURE_REPORTED = PREFIX + "provisioning-failure-reported-at";
    public static final String TEARDOWN_REASON = PREFIX + "teardown-reason";
    /** Id of the event that asked for the teardown: ClusterDestroyed's id derives from it. */
    public static final String TEARDOWN_CAUSE_ID = PREFIX + "teardown-cause-id";
    public static final String TEARDOWN_REQUESTED = PREFIX + "teardown-requested-at";
    /**
     * An expiry of a cluster that was reported ready waits until then for the installer's DnsReleased
     * before the Cluster is deleted, so the cluster's DNS record does not outlive it.
     */
    public static final String DNS_RELEASE_DEADLINE = PREFIX + "dns-release-deadline";
    /** Written when the owning run's DnsReleased arrived: the Cluster may be deleted. */
    public static final String DNS_RELEASED = PREFIX + "dns-released-at";
    /**
     * A newer run (a reopened PR) that arrived while this cluster was being torn down: when the
     * teardown is over it becomes the owner and gets a fresh cluster with the same addresses.
     */
    public static final String SUCCESSOR_CORRELATION_ID = PREFIX + "successor-correlation-id";
    public static final String SUCCESSOR_CAUSE_ID = PREFIX + "successor-ip-allocated-id";
    public static final String SUCCESSOR_IP_ALLOCATED = PREFIX + "successor-ip-allocated";

    private ClusterLabels() {
    }
}
