package pw.fullstack.ephemeral.sandbox.infra;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the sandbox starts and how fast the simulated world moves.
 *
 * @param poolRanges          the allocator's pool, e.g. {@code 192.168.1.140-192.168.1.143}
 * @param addressesPerCluster addresses per cluster (2: control-plane VIP and node)
 * @param clusterBootTime     how long the simulated Cluster API takes to make a cluster ready
 * @param clusterDeleteTime   how long it takes to delete one
 * @param provisioningTimeout the provisioner's deadline for a cluster to become ready
 * @param workDirectory       logs and state of this run
 * @param repositoryRoot      the checkout, where each service's {@code target/quarkus-app} is
 */
public record SandboxSettings(String poolRanges, int addressesPerCluster, Duration clusterBootTime,
                              Duration clusterDeleteTime, Duration provisioningTimeout, Path workDirectory,
                              Path repositoryRoot) {

    public static SandboxSettings demo(Path repositoryRoot) {
        return new SandboxSettings("192.168.1.140-192.168.1.147", 2, Duration.ofSeconds(3), Duration.ofSeconds(1),
                Duration.ofMinutes(2), repositoryRoot.resolve("sandbox-work"), repositoryRoot);
    }

    public SandboxSettings withPool(String ranges, int perCluster) {
        return new SandboxSettings(ranges, perCluster, clusterBootTime, clusterDeleteTime, provisioningTimeout,
                workDirectory, repositoryRoot);
    }

    public SandboxSettings withTimings(Duration boot, Duration delete, Duration timeout) {
        return new SandboxSettings(poolRanges, addressesPerCluster, boot, delete, timeout, workDirectory, repositoryRoot);
    }

    public SandboxSettings withWorkDirectory(Path directory) {
        return new SandboxSettings(poolRanges, addressesPerCluster, clusterBootTime, clusterDeleteTime,
                provisioningTimeout, directory, repositoryRoot);
    }

    public Path serviceJar(String module) {
        return repositoryRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
