package pw.fullstack.ephemeral.templates;

import java.util.EnumSet;
import java.util.Set;
import pw.fullstack.ephemeral.contracts.InvalidInputException;

/**
 * The site's choices for what goes into every PR's cluster (in the installer: {@code installer.*},
 * see its README). Defaults follow the seed: Cloudflare and Pi-hole, Let's Encrypt staging, the names
 * the seed's apps use ({@link AppNames#seeds()}), a quota sized for a 4 CPU / 8 GB / 20 GB node, which
 * the seed's VM (8 vCPU, 16 GiB, 20 GB) exceeds.
 *
 * @param helmBackOffLimit retries of a helm-install Job before it fails (helm-controller's default is 1000)
 * @param helmTimeout      helm's {@code --timeout} for one install
 * @param dnsProviders     which external-dns instances run: Cloudflare (public names), Pi-hole (internal), or both
 * @param cloudflareZoneId the Cloudflare zone external-dns writes to, by id; empty (the seed's way): external-dns
 *                         finds the zone by the site's DNS domain instead
 * @param acmeSolver       how Let's Encrypt validates: DNS-01 at Cloudflare (default; works for private addresses) or HTTP-01
 * @param dnsTtl           TTL of the environment's record; short, because the record leaves with the cluster
 * @param app              the names an application's manifests refer to
 * @param piholeApiVersion the Pi-hole API external-dns speaks ({@code --pihole-api-version}): 5 (the seed's
 *                         Pi-hole, which its external-dns 0.14/0.15 reached before v6 support existed) or 6
 */
public record WorkloadTemplateSettings(int helmBackOffLimit, String helmTimeout, Set<DnsProvider> dnsProviders,
                                       String cloudflareZoneId, String piholeServer, AcmeSolver acmeSolver,
                                       String acmeServer, String acmeEmail, String ingressClass, int dnsTtl,
                                       String vaultServer, String vaultMount, AppNames app, Quota quota,
                                       String postgresStorage, int piholeApiVersion) {

    /** An external DNS service external-dns writes the environment's record to. */
    public enum DnsProvider { CLOUDFLARE, PIHOLE }

    /** How the ClusterIssuer proves control of the name. */
    public enum AcmeSolver { DNS01_CLOUDFLARE, HTTP01 }

    public static final String LETS_ENCRYPT_STAGING = "https://acme-staging-v02.api.letsencrypt.org/directory";

    /**
     * The names an application's own manifests and workflows refer to: its namespace, the ClusterIssuer
     * its Ingress annotates, the Secret its pods read, the PostgreSQL {@code Cluster} it connects to.
     *
     * @param namespace     where the app deploys; {@code default} (the seed's) exists in every cluster, so it is
     *                      neither created nor owned, only given the quota; the {@code kube-} namespaces are refused
     * @param clusterIssuer the ClusterIssuer's name ({@code cert-manager.io/cluster-issuer} in the app's Ingress)
     * @param secret        the ExternalSecret and the Secret it writes (every key of the app's Vault path)
     * @param postgres      the CloudNativePG {@code Cluster} of {@code install_postgres}; the operator names its
     *                      Services {@code <postgres>-rw}, {@code -ro}, {@code -r} and its credentials {@code <postgres>-app}
     */
    public record AppNames(String namespace, String clusterIssuer, String secret, String postgres) {

        /** The namespace every cluster has; the app may deploy into it, but it is never the installer's. */
        public static final String DEFAULT_NAMESPACE = "default";

        public AppNames {
            if (namespace != null && namespace.startsWith("kube-")) {
                throw new TemplateException("the app namespace " + InvalidInputException.quote(namespace)
                        + " is one Kubernetes keeps for itself (kube-*): a quota there would hold back the cluster's own pods");
            }
        }

        /**
         * What the seed's apps use (fullstack-pw/infra {@code ephemeral-clusters/phase2-resources/}: ClusterIssuer
         * {@code letsencrypt-staging}, ExternalSecret {@code default/cluster-secrets}, Cluster {@code default/postgres}).
         */
        public static AppNames seeds() {
            return new AppNames(DEFAULT_NAMESPACE, "letsencrypt-staging", "cluster-secrets", "postgres");
        }

        /** Whether the installer creates (and labels as its own) the namespace: not for {@code default}. */
        public boolean namespaceIsCreated() {
            return !DEFAULT_NAMESPACE.equals(namespace);
        }
    }

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
        cloudflareZoneId = cloudflareZoneId == null ? "" : cloudflareZoneId;
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
        return new WorkloadTemplateSettings(3, "5m0s", EnumSet.allOf(DnsProvider.class), "", "http://192.168.1.3",
                AcmeSolver.DNS01_CLOUDFLARE, LETS_ENCRYPT_STAGING, "platform@fullstack.pw", "traefik", 60,
                "https://vault.fullstack.pw", "kv", AppNames.seeds(), Quota.defaults(), "5Gi", 5);
    }

    public WorkloadTemplateSettings withDnsProviders(Set<DnsProvider> providers) {
        return new WorkloadTemplateSettings(helmBackOffLimit, helmTimeout, providers, cloudflareZoneId, piholeServer,
                acmeSolver, acmeServer, acmeEmail, ingressClass, dnsTtl, vaultServer, vaultMount, app, quota,
                postgresStorage, piholeApiVersion);
    }

    public WorkloadTemplateSettings withAcmeSolver(AcmeSolver solver) {
        return new WorkloadTemplateSettings(helmBackOffLimit, helmTimeout, dnsProviders, cloudflareZoneId, piholeServer,
                solver, acmeServer, acmeEmail, ingressClass, dnsTtl, vaultServer, vaultMount, app, quota,
                postgresStorage, piholeApiVersion);
    }

    public WorkloadTemplateSettings withQuota(Quota sizes) {
        return new WorkloadTemplateSettings(helmBackOffLimit, helmTimeout, dnsProviders, cloudflareZoneId, piholeServer,
                acmeSolver, acmeServer, acmeEmail, ingressClass, dnsTtl, vaultServer, vaultMount, app, sizes,
                postgresStorage, piholeApiVersion);
    }

    public WorkloadTemplateSettings withApp(AppNames names) {
        return new WorkloadTemplateSettings(helmBackOffLimit, helmTimeout, dnsProviders, cloudflareZoneId, piholeServer,
                acmeSolver, acmeServer, acmeEmail, ingressClass, dnsTtl, vaultServer, vaultMount, names, quota,
                postgresStorage, piholeApiVersion);
    }

    public WorkloadTemplateSettings withCloudflareZoneId(String zoneId) {
        return new WorkloadTemplateSettings(helmBackOffLimit, helmTimeout, dnsProviders, zoneId, piholeServer,
                acmeSolver, acmeServer, acmeEmail, ingressClass, dnsTtl, vaultServer, vaultMount, app, quota,
                postgresStorage, piholeApiVersion);
    }

    /** external-dns is told the Cloudflare zone by id; otherwise it finds it by the site's DNS domain (the seed's way). */
    public boolean cloudflareZoneById() {
        return !cloudflareZoneId.isEmpty();
    }

    /** Whether the Cloudflare API token is needed in the cluster (external-dns or the DNS-01 solver). */
    public boolean needsCloudflareToken() {
        return dnsProviders.contains(DnsProvider.CLOUDFLARE) || acmeSolver == AcmeSolver.DNS01_CLOUDFLARE;
    }
}
