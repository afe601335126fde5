package pw.fullstack.ephemeral.sandbox.infra;

import java.time.Duration;
import java.util.Map;
import pw.fullstack.ephemeral.testkit.workload.ChartTimings;
import pw.fullstack.ephemeral.testkit.workload.ToolsPlatformDelays;

/**
 * How long the simulated infrastructure takes where it would take time for real; {@link #none()} (the default) keeps the
 * sandbox's own fast timings ({@link SandboxSettings#clusterBootTime()}, {@link SandboxSettings#installDelay()}).
 * {@link #realistic()}'s figures and their sources are in the root README ("PR open to ready with realistic delays").
 *
 * @param vmCloneAndBoot      Proxmox: full clone of the VM template and boot until K3s starts
 * @param k3sStart            K3s: from start to an API server that answers, the kubeconfig written
 * @param charts              per Phase 1 chart, the stages of its install
 * @param externalDnsInterval the tools cluster's external-dns {@code --interval}
 * @param certificateIssuance the tools cluster's cert-manager: an ACME (DNS-01) order from Certificate to Secret
 */
public record SimulatedDelays(Duration vmCloneAndBoot, Duration k3sStart, Map<String, ChartTimings> charts,
                             Duration externalDnsInterval, Duration certificateIssuance) {

    public SimulatedDelays {
        charts = Map.copyOf(charts);
    }

    public static SimulatedDelays none() {
        return new SimulatedDelays(Duration.ZERO, Duration.ZERO, Map.of(), Duration.ZERO, Duration.ZERO);
    }

    /**
     * What a user waits for with real infrastructure: the seed's ~2 min boot split as VM 90 s + K3s 30 s; each Phase 1
     * chart's CRDs a few seconds into its helm-install Job (klipper-helm's pod start, the chart's download) and its
     * Deployments Available 20-60 s in (images pulled, webhooks serving); external-dns' default 1 min interval, as the
     * seed's tools cluster runs it; an ACME DNS-01 order of about 30 s.
     */
    public static SimulatedDelays realistic() {
        return new SimulatedDelays(Duration.ofSeconds(90), Duration.ofSeconds(30), Map.of(
                "cert-manager", stages(5, 10, 45),
                "external-dns", stages(4, 6, 20),
                "external-secrets", stages(6, 12, 60),
                "cloudnative-pg", stages(5, 8, 30)),
                Duration.ofMinutes(1), Duration.ofSeconds(30));
    }

    public boolean any() {
        return !equals(none());
    }

    public ToolsPlatformDelays toolsPlatform() {
        return new ToolsPlatformDelays(externalDnsInterval, certificateIssuance);
    }

    private static ChartTimings stages(int crdsSeconds, int installedSeconds, int availableSeconds) {
        return new ChartTimings(Duration.ofSeconds(crdsSeconds), Duration.ofSeconds(installedSeconds),
                Duration.ofSeconds(availableSeconds));
    }
}
