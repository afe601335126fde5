package pw.fullstack.ephemeral.testkit.workload;

import java.time.Duration;

/**
 * How slowly the tools cluster's platform ({@link ToolsClusterPlatform}) acts; zero: at once, the default.
 *
 * @param externalDnsInterval external-dns' {@code --interval}: a new DNSEndpoint reaches the zone at its next sync
 * @param certificateIssuance how long an ACME order takes from a new Certificate to its Secret
 */
public record ToolsPlatformDelays(Duration externalDnsInterval, Duration certificateIssuance) {

    public static final ToolsPlatformDelays NONE = new ToolsPlatformDelays(Duration.ZERO, Duration.ZERO);
}
