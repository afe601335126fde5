package pw.fullstack.ephemeral.templates;

import java.util.EnumSet;
import java.util.Set;

/**
 * The site's choices for what goes into every PR's cluster (in the installer: {@code installer.*},
 * see its README). Defaults follow the seed: Cloudflare and Pi-hole, Let's Encrypt staging, a quota
 * sized for a 4 CPU / 8 GB / 20 GB node, which the seed's VM (8 vCPU, 16 GiB, 20 GB) exceeds.
 *
 * @param helmBackOffLimit retries of a helm-install Job before it fails (helm-controller's default is 1000)
 * @param helmTimeout      helm's {@code --timeout} for one install
 * @param dnsProviders     which external-dns instances run: Cloudflare (public names), Pi-hole (internal), or both
 * @param acmeSolver       how Let's Encrypt validates: DNS-01 at Cloudflare (default; works for private addresses) or HTTP-01
 * @param dnsTtl           TTL of the environment's record; short, because the record leaves with the cluster
 * @param piholeApiVersion the Pi-hole API external-dns speaks ({@code --pihole-api-version}): 5 (the seed's
 *                         Pi-hole, which its external-dns 0.14/0.15 reached before v6 support existed) or 6
 */
public record WorkloadTemplateSettings(int helmBackOffLimit, String helmTimeout, Set<DnsProvider> dnsProviders,
                                       String cloudflareZoneId, String piholeServer, AcmeSolver acmeSolver,
                                       String acmeServer, String acmeEmail, String ingressClass, int dnsTtl,
                                       String vaultServer, String vaultMount, String appNamespace, Quota quota,
                                       String postgresStorage, int piholeApiVersion) {

    /** An external DNS service external-dns writes the environment's record to. */
    public enum DnsProvider { CLOUDFLARE, PIHOLE }

    /** How the ClusterIssuer proves control of the name. */
    public enum AcmeSolver { DNS01_CLOUDFLARE, HTTP01 }

    public static final String LETS_ENCRYPT_STAGING = "https://acme-staging-v02.api.letsencrypt.org/directory";

    /** ResourceQuota and LimitRange of the app namespace. */
    public record Quota(String requestsCpu, String requestsMemory, String limitsCpu, String limitsMemory, String storage,
                        int persistentVolumeClaims, int pods, String defaultCpu, String defaultMemory,
                        String defaultRequestCpu, String defaultRequestMemory) {

        /** Fits a 4 CPU / 8 GB / 20 GB node (the seed's VM is larger) with room for K3s and the operators. */
        public static Quota defaults() {
            return new Quota("3", "6Gi", "4", "7Gi", "15Gi", 10, 50, "500m", "512Mi", "100m", "128Mi");
        }
    }

    public WorkloadTemplateSettings {
        dnsProviders = dnsProviders == null || dnsProviders.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(dnsProviders));
        if (dnsProviders.isEmpty()) {
            throw new TemplateException("at least one DNS provider (cloudflare, pihole) is needed to publish the environment's name");
        }
        if (piholeApiVersion != 5 && piholeApiVersion != 6) {
            throw new TemplateException("the Pi-hole API version is 5 or 6 (external-dns --pihole-api-version), not "
                    + piholeApiVersion);
        }
    }

    public static WorkloadTemplateSettings defaults() {
        return new WorkloadTemplateSettings(3, "5m0s", EnumSet.allOf(DnsProvider.class),
                "00000000000000000000000000000000", "http://192.168.1.3", AcmeSolver.DNS01_CLOUDFLARE,
                LETS_ENCRYPT_STAGING, "platform@fullstack.pw", "traefik", 60, "https://vault.fullstack.pw", "kv", "app",
                Quota.defaults(), "5Gi", 5);
    }

    public WorkloadTemplateSettings withDnsProviders(Set<DnsProvider> providers) {
        return new WorkloadTemplateSettings(helmBackOffLimit, helmTimeout, providers, cloudflareZoneId, piholeServer,
                acmeSolver, acmeServer, acmeEmail, ingressClass, dnsTtl, vaultServer, vaultMount, appNamespace, quota,
                postgresStorage, piholeApiVersion);
    }

    public WorkloadTemplateSettings withAcmeSolver(AcmeSolver solver) {
        return new WorkloadTemplateSettings(helmBackOffLimit, helmTimeout, dnsProviders, cloudflareZoneId, piholeServer,
                solver, acmeServer, acmeEmail, ingressClass, dnsTtl, vaultServer, vaultMount, appNamespace, quota,
                postgresStorage, piholeApiVersion);
    }

    public WorkloadTemplateSettings withQuota(Quota sizes) {
        return new WorkloadTemplateSettings(helmBackOffLimit, helmTimeout, dnsProviders, cloudflareZoneId, piholeServer,
                acmeSolver, acmeServer, acmeEmail, ingressClass, dnsTtl, vaultServer, vaultMount, appNamespace, sizes,
                postgresStorage, piholeApiVersion);
    }

    public WorkloadTemplateSettings withAppNamespace(String namespace) {
        return new WorkloadTemplateSettings(helmBackOffLimit, helmTimeout, dnsProviders, cloudflareZoneId, piholeServer,
                acmeSolver, acmeServer, acmeEmail, ingressClass, dnsTtl, vaultServer, vaultMount, namespace, quota,
                postgresStorage, piholeApiVersion);
    }

    /** Whether the Cloudflare API token is needed in the cluster (external-dns or the DNS-01 solver). */
    public boolean needsCloudflareToken() {
        return dnsProviders.contains(DnsProvider.CLOUDFLARE) || acmeSolver == AcmeSolver.DNS01_CLOUDFLARE;
    }
}
