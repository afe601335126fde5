package pw.fullstack.ephemeral.reaper.it;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The default settings, in an application (and tools cluster) of its own: what the tools cluster saw from the
 * reaper is then the reaper's alone, whatever other test classes did with the reaper's client.
 */
public class OwnToolsCluster implements QuarkusTestProfile {
}
