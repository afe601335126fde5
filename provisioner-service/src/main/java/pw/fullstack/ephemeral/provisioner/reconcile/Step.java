package pw.fullstack.ephemeral.provisioner.reconcile;

import java.util.List;

/** The next thing to do for one cluster, decided by {@link Reconciliation} without any I/O. */
public sealed interface Step {

    /** Nothing to do now (waiting for conditions, or already reported ready). */
    record Wait(String why) implements Step {
    }

    /**
     * The namespace belongs to a run but its Cluster does not exist (an apply interrupted by a crash,
     * or a reopened PR's run that took the namespace over after the old cluster was destroyed):
     * render the objects from the run's stored IpAllocated and apply them.
     */
    record ApplyObjects() implements Step {
    }

    /** The Cluster API conditions say ready: probe the cluster itself, then report it. */
    record ProbeAndReport() implements Step {
    }

    /** Provisioning failed: report ProvisioningFailed, then tear down. */
    record FailProvisioning(String reason, List<String> lastConditions) implements Step {
    }

    /**
     * An expiry waits for the installer to take the cluster's DNS record away (DnsReleased of the owning
     * run) until {@code deadline}; the Cluster is left alone until then.
     */
    record AwaitDnsRelease(java.time.Instant deadline) implements Step {
    }

    /** A teardown was requested and the Cluster is not being deleted yet: delete it (again). */
    record DeleteCluster() implements Step {
    }

    /** The Cluster is being deleted; do not report anything yet. {@code stuck} once past the bound. */
    record AwaitDeletion(boolean stuck) implements Step {
    }

    /**
     * The Cluster is gone: delete the kubeconfig, report ClusterDestroyed, then delete the namespace,
     * or hand it to the newer run waiting for it.
     */
    record FinishTeardown() implements Step {
    }

    /**
     * The namespace is being deleted and no teardown of ours asked for it (someone's {@code kubectl
     * delete namespace}): its Cluster goes with it. Record the teardown (reason orphan) so the run's
     * ClusterDestroyed is reported and its addresses come back, instead of applying into a namespace
     * that refuses every create.
     */
    record RecordForeignDeletion() implements Step {
    }
}
