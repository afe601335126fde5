package pw.fullstack.ephemeral.reaper.tools;

/**
 * Labels and annotations on the tools cluster's Cluster objects. The provisioner writes all of them
 * but {@link #KEEP_UNTIL} (a person writes it) and {@link #EXPIRES_AT}/{@link #EXPIRY_REASON} (the
 * reaper writes them, for {@code kubectl}; decisions never read them back).
 */
public final class ClusterAnnotations {

    public static final String PREFIX = "ephemeral.fullstack.pw/";

    // labels, written by the provisioner
    public static final String EPHEMERAL = "ephemeral";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "ephemeral-provisioner";

    // annotations, written by the provisioner
    /** The run that owns the cluster now (after a reopen: the new run). */
    public static final String CORRELATION_ID = PREFIX + "correlation-id";
    /** The owning run's PrOpened openedAt (GitHub's time). */
    public static final String OPENED_AT = PREFIX + "opened-at";
    public static final String REPOSITORY = PREFIX + "repository";
    public static final String PR_NUMBER = PREFIX + "pr-number";
    public static final String ADDRESSES = PREFIX + "addresses";
    /** When the cluster was first applied; kept when a reopened run adopts it. Max lifetime counts from here. */
    public static final String PROVISIONING_STARTED = PREFIX + "provisioning-started-at";
    public static final String TEARDOWN_REASON = PREFIX + "teardown-reason";
    public static final String TEARDOWN_REQUESTED = PREFIX + "teardown-requested-at";

    // written by people
    /** RFC 3339 time: postpone the expiry up to then, at most {@code reaper.keep-until-cap} past the deadline. */
    public static final String KEEP_UNTIL = PREFIX + "keep-until";

    // written by the reaper, for people
    public static final String EXPIRES_AT = PREFIX + "expires-at";
    public static final String EXPIRY_REASON = PREFIX + "expiry-reason";

    private ClusterAnnotations() {
    }
}
