package pw.fullstack.ephemeral.installer.it;

/**
 * {@link FastInstalls} in an application (and tools cluster) of its own: what the tools cluster saw from the
 * installer is then the installer's alone, whatever other test classes did with the installer's client.
 */
public class FastInstallsOwnToolsCluster extends FastInstalls {
}
