package pw.fullstack.ephemeral.provisioner.it;

/**
 * {@link FastTimeouts} in an application (and tools cluster) of its own: what the tools cluster saw from the
 * provisioner is then the provisioner's alone, whatever other test classes did with the provisioner's client.
 */
public class FastTimeoutsOwnToolsCluster extends FastTimeouts {
}
