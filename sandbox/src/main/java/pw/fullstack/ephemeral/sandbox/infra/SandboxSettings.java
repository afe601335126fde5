package pw.fullstack.ephemeral.sandbox.infra;

import java.nio.file.Path;
import java.time.Duration;
import pw.fullstack.ephemeral.contracts.naming.NameForm;

/**
 * What the sandbox starts and how fast the simulated world moves.
 *
 * @param poolRanges          the allocator's pool, e.g. {@code 192.168.1.140-192.168.1.143}
 * @param addressesPerCluster addresses per cluster (2: control-plane VIP and node)
 * @param clusterBootTime     how long the simulated Cluster API takes to make a cluster ready
 * @param clusterDeleteTime   how long it takes to delete one
 * @param provisioningTimeout the provisioner's deadline for a cluster to become ready
 * @param gracePeriod         the reaper's grace period after a PR closes (seconds here, an hour in production)
 * @param orphanSettleTime    how long the reaper lets an orphan stay one before it acts; longer than a
 *                            service restart, so a release delayed by a crash is not taken for an orphan
 * @param workDirectory       logs and state of this run
 * @param repositoryRoot      the checkout, where each service's {@code target/quarkus-app} is
 * @param installDelay        how long each simulated helm-install Job runs in a workload cluster
 * @param nameForm            how every service writes repository names in cluster and DNS names
 * @param allocatorLimits     whether the allocator's limits (per repository, queue length) keep their defaults; off
 *                            for the benchmark, which fills a large pool from three repositories
 * @param delays              realistic delays of the simulated infrastructure ({@code --realistic}); none by default
 */
public record SandboxSettings(String poolRanges, int addressesPerCluster, Duration clusterBootTime,
                              Duration clusterDeleteTime, Duration provisioningTimeout, Duration gracePeriod,
                              Duration orphanSettleTime, Path workDirectory, Path repositoryRoot, Duration installDelay,
                              NameForm nameForm, boolean allocatorLimits, SimulatedDelays delays) {

    public static SandboxSettings demo(Path repositoryRoot) {
        return new SandboxSettings("192.168.1.140-192.168.1.147", 2, Duration.ofSeconds(3), Duration.ofSeconds(1),
                Duration.ofMinutes(2), Duration.ofSeconds(3), Duration.ofSeconds(30), repositoryRoot.resolve("sandbox-work"),
                repositoryRoot, Duration.ofMillis(500), NameForm.COMPACT, true, SimulatedDelays.none());
    }

    public SandboxSettings withPool(String ranges, int perCluster) {
        return new SandboxSettings(ranges, perCluster, clusterBootTime, clusterDeleteTime, provisioningTimeout, gracePeriod,
                orphanSettleTime, workDirectory, repositoryRoot, installDelay, nameForm, allocatorLimits, delays);
    }

    public SandboxSettings withTimings(Duration boot, Duration delete, Duration timeout) {
        return new SandboxSettings(poolRanges, addressesPerCluster, boot, delete, timeout, gracePeriod, orphanSettleTime,
                workDirectory, repositoryRoot, installDelay, nameForm, allocatorLimits, delays);
    }

    public SandboxSettings withReaper(Duration grace, Duration settle) {
        return new SandboxSettings(poolRanges, addressesPerCluster, clusterBootTime, clusterDeleteTime, provisioningTimeout,
                grace, settle, workDirectory, repositoryRoot, installDelay, nameForm, allocatorLimits, delays);
    }

    public SandboxSettings withWorkDirectory(Path directory) {
        return new SandboxSettings(poolRanges, addressesPerCluster, clusterBootTime, clusterDeleteTime,
                provisioningTimeout, gracePeriod, orphanSettleTime, directory, repositoryRoot, installDelay, nameForm, allocatorLimits, delays);
    }

    public SandboxSettings withInstallDelay(Duration delay) {
        return new SandboxSettings(poolRanges, addressesPerCluster, clusterBootTime, clusterDeleteTime, provisioningTimeout,
                gracePeriod, orphanSettleTime, workDirectory, repositoryRoot, delay, nameForm, allocatorLimits, delays);
    }

    public SandboxSettings withNameForm(NameForm form) {
        return new SandboxSettings(poolRanges, addressesPerCluster, clusterBootTime, clusterDeleteTime, provisioningTimeout,
                gracePeriod, orphanSettleTime, workDirectory, repositoryRoot, installDelay, form, allocatorLimits, delays);
    }

    public SandboxSettings withoutAllocatorLimits() {
        return new SandboxSettings(poolRanges, addressesPerCluster, clusterBootTime, clusterDeleteTime, provisioningTimeout,
                gracePeriod, orphanSettleTime, workDirectory, repositoryRoot, installDelay, nameForm, false, delays);
    }

    /** The simulated infrastructure takes these times (a cluster's boot replaces {@link #clusterBootTime()}). */
    public SandboxSettings withDelays(SimulatedDelays value) {
        return new SandboxSettings(poolRanges, addressesPerCluster, clusterBootTime, clusterDeleteTime, provisioningTimeout,
                gracePeriod, orphanSettleTime, workDirectory, repositoryRoot, installDelay, nameForm, allocatorLimits, value);
    }

    public Path serviceJar(String module) {
        return repositoryRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
