package pw.fullstack.ephemeral.templates;

import java.util.EnumSet;
import java.util.Set;
import pw.fullstack.ephemeral.contracts.InvalidInputException;

/**
 * The site's choices for what goes into every PR's cluster (in the installer: {@code installer.*},
 * see its README). Defaults follow the seed — Cloudflare and Pi-hole, Let's Encrypt staging, the names
 * the seed's apps use ({@link AppNames#seeds()}), a quota sized for a 4 CPU / 8 GB / 20 GB node, which
 * the seed's VM (8 vCPU, 16 GiB, 20 GB) exceeds — except where the seed put the platform's credentials
 * into the PR's cluster: the name and the certificate are made on the tools cluster
 * ({@link Publishing#toolsCluster()}); {@link Publishing#inCluster()} is the seed's way.
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
 * @param publishing       who publishes the environment's name and issues its certificate: the tools cluster (default)
 *                         or, as the seed did, the PR's own cluster with the DNS credentials in it
 */
public record WorkloadTemplateSettings(int helmBackOffLimit, String helmTimeout, Set<DnsProvider> dnsProviders,
                                       String cloudflareZoneId, String piholeServer, AcmeSolver acmeSolver,
                                       String acmeServer, String acmeEmail, String ingressClass, int dnsTtl,
                                       String vaultServer, String vaultMount, AppNames app, Quota quota,
                                       String postgresStorage, int piholeApiVersion, Publishing publishing) {

    /** An external DNS service external-dns writes the environment's record to. */
    public enum DnsProvider { CLOUDFLARE, PIHOLE }

    /** How the ClusterIssuer proves control of the name. */
    public enum AcmeSolver { DNS01_CLOUDFLARE, HTTP01 }

    /** Where the environment's DNS records and its certificate are made. */
    public enum DnsPublisher {
        /**
         * The platform's external-dns and cert-manager on the tools cluster, from a DNSEndpoint and a Certificate the
         * installer creates in the PR's namespace there; the certificate's Secret is copied into the PR's cluster. No
         * DNS provider credential enters the PR's cluster.
         */
        TOOLS_CLUSTER,
        /**
         * The seed's way: external-dns and an ACME issuer with the DNS provider credentials inside the PR's cluster.
         * Unsafe for untrusted PRs: the PR's code can read the credentials.
         */
        IN_CLUSTER
    }

    /**
     * Who publishes the environment's name and issues its certificate.
     *
     * @param publisher          the tools cluster (default) or the PR's own cluster
     * @param wildcard           also {@code *.<host>}: a record and a name in the certificate (off by default)
     * @param toolsClusterIssuer the platform's ClusterIssuer on the tools cluster that the tools-side Certificate names
     */
    public record Publishing(DnsPublisher publisher, boolean wildcard, String toolsClusterIssuer) {

        public Publishing {
            if (publisher == null) {
                throw new TemplateException("a DNS publisher (tools-cluster or in-cluster) is needed");
            }
        }

        public static Publishing toolsCluster() {
            return new Publishing(DnsPublisher.TOOLS_CLUSTER, false, "letsencrypt-staging");
        }

        /** The seed's: external-dns and the DNS-01 issuer with their credentials in the PR's cluster. */
        public static Publishing inCluster() {
            return new Publishing(DnsPublisher.IN_CLUSTER, false, "letsencrypt-staging");
        }

        public Publishing withWildcard(boolean also) {
            return new Publishing(publisher, also, toolsClusterIssuer);
        }

        public boolean fromToolsCluster() {
            return publisher == DnsPublisher.TOOLS_CLUSTER;
        }
    }

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
        publishing = publishing == null ? Publishing.toolsCluster() : publishing;
    }

    public static WorkloadTemplateSettings defaults() {
        return new WorkloadTemplateSettings(3, "5m0s", EnumSet.allOf(DnsProvider.class), "", "http://192.168.1.3",
                AcmeSolver.DNS01_CLOUDFLARE, LETS_ENCRYPT_STAGING, "platform@fullstack.pw", "traefik", 60,
                "https://vault.fullstack.pw", "kv", AppNames.seeds(), Quota.defaults(), "5Gi", 5, Publishing.toolsCluster());
    }

    public WorkloadTemplateSettings withDnsProviders(Set<DnsProvider> providers) {
        return new WorkloadTemplateSettings(helmBackOffLimit, helmTimeout, providers, cloudflareZoneId, piholeServer,
                acmeSolver, acmeServer, acmeEmail, ingressClass, dnsTtl, vaultServer, vaultMount, app, quota,
                postgresStorage, piholeApiVersion, publishing);
    }

    public WorkloadTemplateSettings withAcmeSolver(AcmeSolver solver) {
        return new WorkloadTemplateSettings(helmBackOffLimit, helmTimeout, dnsProviders, cloudflareZoneId, piholeServer,
                solver, acmeServer, acmeEmail, ingressClass, dnsTtl, vaultServer, vaultMount, app, quota,
                postgresStorage, piholeApiVersion, publishing);
    }

    public WorkloadTemplateSettings withQuota(Quota sizes) {
        return new WorkloadTemplateSettings(helmBackOffLimit, helmTimeout, dnsProviders, cloudflareZoneId, piholeServer,
                acmeSolver, acmeServer, acmeEmail, ingressClass, dnsTtl, vaultServer, vaultMount, app, sizes,
                postgresStorage, piholeApiVersion, publishing);
    }

    public WorkloadTemplateSettings withApp(AppNames names) {
        return new WorkloadTemplateSettings(helmBackOffLimit, helmTimeout, dnsProviders, cloudflareZoneId, piholeServer,
                acmeSolver, acmeServer, acmeEmail, ingressClass, dnsTtl, vaultServer, vaultMount, names, quota,
                postgresStorage, piholeApiVersion, publishing);
    }

    public WorkloadTemplateSettings withCloudflareZoneId(String zoneId) {
        return new WorkloadTemplateSettings(helmBackOffLimit, helmTimeout, dnsProviders, zoneId, piholeServer,
                acmeSolver, acmeServer, acmeEmail, ingressClass, dnsTtl, vaultServer, vaultMount, app, quota,
                postgresStorage, piholeApiVersion, publishing);
    }

    public WorkloadTemplateSettings withPublishing(Publishing who) {
        return new WorkloadTemplateSettings(helmBackOffLimit, helmTimeout, dnsProviders, cloudflareZoneId, piholeServer,
                acmeSolver, acmeServer, acmeEmail, ingressClass, dnsTtl, vaultServer, vaultMount, app, quota,
                postgresStorage, piholeApiVersion, who);
    }

    /** external-dns is told the Cloudflare zone by id; otherwise it finds it by the site's DNS domain (the seed's way). */
    public boolean cloudflareZoneById() {
        return !cloudflareZoneId.isEmpty();
    }

    /** The DNS providers whose external-dns runs in the PR's cluster: none unless it publishes its own name. */
    public Set<DnsProvider> inClusterDnsProviders() {
        return publishing.fromToolsCluster() ? Set.of() : dnsProviders;
    }

    /** Whether the Cloudflare API token goes into the PR's cluster (in-cluster external-dns, or its DNS-01 solver). */
    public boolean needsCloudflareToken() {
        return !publishing.fromToolsCluster()
                && (dnsProviders.contains(DnsProvider.CLOUDFLARE) || acmeSolver == AcmeSolver.DNS01_CLOUDFLARE);
    }

    /** Whether the Pi-hole password goes into the PR's cluster (in-cluster external-dns for Pi-hole). */
    public boolean needsPiholePassword() {
        return inClusterDnsProviders().contains(DnsProvider.PIHOLE);
    }
}
