package pw.fullstack.ephemeral.sandbox.bench;

/**
 * One step of an environment's way from PrOpened to PhasesInstalled, between two {@link Milestone}s:
 * what the bench reports per step.
 */
public enum Hop {
    ALLOCATION("PrOpened -> IpAllocated", "allocator (+ broker, Vault)", Milestone.PR_OPENED, Milestone.IP_ALLOCATED),
    APPLY("IpAllocated -> Cluster API objects applied", "provisioner (+ broker, Vault, tools API)", Milestone.IP_ALLOCATED,
            Milestone.CLUSTER_API_APPLIED),
    BOOT("Cluster API objects applied -> ClusterReady", "simulated boot + provisioner's probes", Milestone.CLUSTER_API_APPLIED,
            Milestone.CLUSTER_READY),
    INSTALL("ClusterReady -> PhasesInstalled", "installer (+ simulated K3s, charts)", Milestone.CLUSTER_READY,
            Milestone.PHASES_INSTALLED);

    private final String label;
    private final String spentIn;
    private final Milestone from;
    private final Milestone to;

    Hop(String label, String spentIn, Milestone from, Milestone to) {
        this.label = label;
        this.spentIn = spentIn;
        this.from = from;
        this.to = to;
    }

    public String label() {
        return label;
    }

    /** Who spends the hop's time. */
    public String spentIn() {
        return spentIn;
    }

    public Milestone from() {
        return from;
    }

    public Milestone to() {
        return to;
    }
}
