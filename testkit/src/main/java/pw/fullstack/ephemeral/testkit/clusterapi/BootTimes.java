package pw.fullstack.ephemeral.testkit.clusterapi;

import java.time.Instant;

/**
 * When the simulated Cluster API reached each stage of one cluster's boot, as the simulation recorded it.
 *
 * @param objectsSeen when the controller first saw the Cluster object (Cluster API objects applied)
 * @param vmBooted    when the Proxmox VM was cloned and booted (the simulated VM has no API object: a recorded mark)
 * @param k3sReady    when K3s answered and the kubeconfig Secret was written, with the Cluster's conditions True
 */
public record BootTimes(Instant objectsSeen, Instant vmBooted, Instant k3sReady) {
}
