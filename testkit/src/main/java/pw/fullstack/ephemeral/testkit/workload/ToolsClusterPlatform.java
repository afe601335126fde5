package pw.fullstack.ephemeral.testkit.workload;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.List;

/**
 * What the platform runs on the tools cluster for the PR environments, configured as the installer's README
 * ("DNS and TLS from the tools cluster") tells a site to deploy it: one external-dns per DNS provider
 * ({@code --source=crd}, reading only DNSEndpoints labelled {@value #INSTALLER_LABEL_FILTER}, only names under
 * the site's DNS domain, {@code --policy=sync}; Cloudflare with the TXT registry and owner id
 * {@value #TXT_OWNER_ID}, Pi-hole without a registry), and cert-manager with an ACME ClusterIssuer (DNS-01;
 * the provider credential stays on the tools cluster), both publishing into the same {@link FakeDnsZone} as
 * the workload clusters' own external-dns.
 */
public final class ToolsClusterPlatform implements AutoCloseable {

    /** {@code --label-filter}: only what the installer created. */
    public static final String INSTALLER_LABEL_FILTER = "app.kubernetes.io/managed-by=ephemeral-installer";
    /** {@code --txt-owner-id} of the tools cluster's instances: one for every PR's records. */
    public static final String TXT_OWNER_ID = "ephemeral-clusters-tools";

    private final List<SimulatedExternalDns> externalDns;
    private final SimulatedCertManager certManager;

    private ToolsClusterPlatform(List<SimulatedExternalDns> externalDns, SimulatedCertManager certManager) {
        this.externalDns = externalDns;
        this.certManager = certManager;
    }

    /**
     * Starts on the tools cluster of {@code tools} (its CRD set must include external-dns and cert-manager:
     * {@code UpstreamCrds.toolsCluster()}) and creates the ClusterIssuer {@code clusterIssuer}.
     *
     * @param dnsDomain the site's domain the environments' names are under ({@code --domain-filter})
     */
    public static ToolsClusterPlatform start(KubernetesClient tools, FakeDnsZone zone, String dnsDomain, String clusterIssuer) {
        return start(tools, zone, dnsDomain, clusterIssuer, ToolsPlatformDelays.NONE);
    }

    /** As {@link #start(KubernetesClient, FakeDnsZone, String, String)}, with external-dns' interval and ACME's issuance time. */
    public static ToolsClusterPlatform start(KubernetesClient tools, FakeDnsZone zone, String dnsDomain, String clusterIssuer,
                                             ToolsPlatformDelays delays) {
        tools.genericKubernetesResources(SimulatedCertManager.CLUSTER_ISSUERS).resource(SimulatedCertManager
                .acmeDns01ClusterIssuer(clusterIssuer, "https://acme-staging-v02.api.letsencrypt.org/directory",
                        "platform@fullstack.pw")).createOr(NonDeletingOperation::update);
        SimulatedExternalDns.Settings cloudflare = SimulatedExternalDns.Settings.crdSync("cloudflare", TXT_OWNER_ID, dnsDomain)
                .withLabelFilter(INSTALLER_LABEL_FILTER).withInterval(delays.externalDnsInterval());
        SimulatedExternalDns.Settings pihole = SimulatedExternalDns.Settings.crdSync("pihole", TXT_OWNER_ID, dnsDomain)
                .withRegistry("noop").withLabelFilter(INSTALLER_LABEL_FILTER)
                .withInterval(delays.externalDnsInterval());
        return new ToolsClusterPlatform(List.of(SimulatedExternalDns.start(tools, zone, cloudflare),
                SimulatedExternalDns.start(tools, zone, pihole)), SimulatedCertManager.start(tools, delays.certificateIssuance()));
    }

    /** A fault: no provider ever takes this name (or those under it): it never resolves. */
    public void neverPublish(String dnsName) {
        externalDns.forEach(instance -> instance.withhold(dnsName));
    }

    public SimulatedCertManager certManager() {
        return certManager;
    }

    public List<SimulatedExternalDns> externalDns() {
        return externalDns;
    }

    @Override
    public void close() {
        externalDns.forEach(SimulatedExternalDns::close);
        certManager.close();
    }
}
