package pw.fullstack.ephemeral.sandbox.realistic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import pw.fullstack.ephemeral.sandbox.realistic.CriticalPath.Step;

/**
 * When each step of one PR's environment happened, from the lifecycle events' own times and what the simulation and
 * the mock API servers recorded; null: did not happen (or was not recorded). {@link #steps()} turns them into steps
 * with the dependencies the infrastructure imposes — only those: a step that waited on anything else (the installer's
 * own order, its polling) shows a long hop after its real dependency.
 *
 * @param prOpened             PrOpened published
 * @param ipAllocated          IpAllocated published
 * @param clusterApiApplied    the Cluster object created on the tools cluster
 * @param vmBooted             the Proxmox VM cloned and booted
 * @param k3sReady             K3s answering, the kubeconfig Secret written
 * @param clusterReady         ClusterReady published
 * @param charts               per chart name, its install's steps
 * @param phase2Applied        the last Phase 2 object (of a chart's kinds) created in the PR's cluster
 * @param dnsRecordRequested   the PR's DNSEndpoint created on the tools cluster
 * @param dnsPublished         the name first in the zone
 * @param certificateRequested the PR's Certificate created on the tools cluster
 * @param certificateIssued    its Secret issued
 * @param phasesInstalled      PhasesInstalled published
 */
public record RecordedTimes(Instant prOpened, Instant ipAllocated, Instant clusterApiApplied, Instant vmBooted, Instant k3sReady,
                            Instant clusterReady, Map<String, ChartTimes> charts, Instant phase2Applied,
                            Instant dnsRecordRequested, Instant dnsPublished, Instant certificateRequested,
                            Instant certificateIssued, Instant phasesInstalled) {

    public static final String PR_OPENED = "PR opened (PrOpened)";
    public static final String IP_ALLOCATED = "IpAllocated";
    public static final String CLUSTER_API_APPLIED = "Cluster API objects applied";
    public static final String VM_BOOTED = "VM cloned and booted";
    public static final String K3S_READY = "K3s ready, kubeconfig written";
    public static final String CLUSTER_READY = "ClusterReady";
    public static final String PHASE2_APPLIED = "Phase 2 applied";
    public static final String DNS_RECORD_REQUESTED = "DNSEndpoint created (tools)";
    public static final String DNS_PUBLISHED = "DNS published";
    public static final String CERTIFICATE_REQUESTED = "Certificate created (tools)";
    public static final String CERTIFICATE_ISSUED = "Certificate issued";
    public static final String PHASES_INSTALLED = "PhasesInstalled";
    /**
     * Charts whose validating webhook (failurePolicy Fail) admits the Phase 2 objects of their kinds: until the webhook
     * serves, the API server refuses them ("failed calling webhook"). The simulation does not refuse them; the
     * dependency is real, and an installer that honours it waits for these charts to be Available.
     */
    static final java.util.Set<String> WEBHOOK_CHARTS = java.util.Set.of("cert-manager", "external-secrets", "cloudnative-pg");

    /**
     * One chart's install.
     *
     * @param applied         its HelmChart created in the PR's cluster
     * @param started         its helm-install Job created
     * @param crdsEstablished its CRDs established (null: it installs none)
     * @param installed       its Job complete
     * @param available       its Deployments Available
     */
    public record ChartTimes(Instant applied, Instant started, Instant crdsEstablished, Instant installed, Instant available) {
    }

    public RecordedTimes {
        charts = new TreeMap<>(charts);
    }

    /** The recorded steps, each with the steps it cannot happen before. */
    public List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        add(steps, PR_OPENED, prOpened);
        add(steps, IP_ALLOCATED, ipAllocated, PR_OPENED);
        add(steps, CLUSTER_API_APPLIED, clusterApiApplied, IP_ALLOCATED);
        add(steps, VM_BOOTED, vmBooted, CLUSTER_API_APPLIED);
        add(steps, K3S_READY, k3sReady, VM_BOOTED);
        add(steps, CLUSTER_READY, clusterReady, K3S_READY);
        List<String> phase2Needs = new ArrayList<>();
        charts.forEach((chart, times) -> {
            add(steps, chart + " HelmChart applied", times.applied(), CLUSTER_READY);
            add(steps, chart + " install started", times.started(), chart + " HelmChart applied");
            add(steps, chart + " CRDs established", times.crdsEstablished(), chart + " install started");
            add(steps, chart + " installed", times.installed(), chart + " CRDs established", chart + " install started");
            add(steps, chart + " available", times.available(), chart + " installed");
            if (times.crdsEstablished() != null) {
                // Phase 2 creates objects of the charts' kinds: the API server refuses them before the CRDs exist,
                phase2Needs.add(chart + " CRDs established");
            }
            if (WEBHOOK_CHARTS.contains(chart)) {
                // and before the chart's webhook serves.
                phase2Needs.add(chart + " available");
            }
        });
        add(steps, PHASE2_APPLIED, phase2Applied, phase2Needs.isEmpty() ? List.of(CLUSTER_READY) : phase2Needs);
        add(steps, DNS_RECORD_REQUESTED, dnsRecordRequested, CLUSTER_READY);
        add(steps, DNS_PUBLISHED, dnsPublished, DNS_RECORD_REQUESTED);
        add(steps, CERTIFICATE_REQUESTED, certificateRequested, CLUSTER_READY);
        add(steps, CERTIFICATE_ISSUED, certificateIssued, CERTIFICATE_REQUESTED);
        add(steps, PHASES_INSTALLED, phasesInstalled, PHASE2_APPLIED, DNS_PUBLISHED, CERTIFICATE_ISSUED);
        return steps;
    }

    private static void add(List<Step> steps, String name, Instant at, String... after) {
        add(steps, name, at, List.of(after));
    }

    private static void add(List<Step> steps, String name, Instant at, List<String> after) {
        if (at != null) {
            steps.add(new Step(name, at, after));
        }
    }
}
