package pw.fullstack.ephemeral.testkit.clusterapi;

import pw.fullstack.ephemeral.testkit.kubernetes.MockKubernetesCluster;

/**
 * What runs inside a simulated workload cluster once it exists (e.g. K3s's helm-controller and the
 * operators it installs, see {@code pw.fullstack.ephemeral.testkit.workload.SimulatedWorkloads}).
 * {@link SimulatedClusterApiController} attaches it to every workload cluster it starts, before the
 * kubeconfig Secret is written, and closes the attachment when the Cluster is gone.
 */
@FunctionalInterface
public interface WorkloadSimulation {

    /** Starts simulating inside {@code workload}; the returned handle stops it. */
    AutoCloseable attach(String clusterName, MockKubernetesCluster workload);

    /** Nothing runs inside the workload clusters (the default). */
    WorkloadSimulation NONE = (name, workload) -> () -> { };
}
