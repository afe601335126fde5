package pw.fullstack.ephemeral.installer.install;

import java.util.Arrays;
import java.util.Optional;

/** Where one run's installation is; kept as the {@code install-step} annotation on the tools cluster's Cluster. */
public enum InstallStep {
    /** Credentials and HelmCharts are being applied, then Jobs, Deployments and CRDs waited for. */
    PHASE1("phase1", false),
    /** Phase 2 objects are being applied. */
    PHASE2("phase2", false),
    /** The PR's name is resolved until it answers with the VIP. */
    DNS_CHECK("dns-check", false),
    /** PhasesInstalled was reported (acknowledged by the broker). */
    INSTALLED("installed", true),
    /** A failure was decided: the DNS record is being taken away, then InstallFailed is reported. */
    FAILING("failing", false),
    /** InstallFailed was reported. */
    FAILED("failed", true),
    /** The owning run's ClusterExpired: the DNS record is being taken away, then DnsReleased is reported. */
    RELEASING("releasing", false),
    /** DnsReleased was reported. */
    RELEASED("released", true);

    private final String wireName;
    private final boolean terminal;

    InstallStep(String wireName, boolean terminal) {
        this.wireName = wireName;
        this.terminal = terminal;
    }

    public String wireName() {
        return wireName;
    }

    /** Nothing more happens for this run (a new run, or an expiry, may still start something). */
    public boolean terminal() {
        return terminal;
    }

    public static Optional<InstallStep> of(String wireName) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(wireName)).findFirst();
    }
}
