package pw.fullstack.ephemeral.installer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import pw.fullstack.ephemeral.messaging.HandlingRetry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.naming.NameForm;
import pw.fullstack.ephemeral.templates.WorkloadTemplateSettings;
import pw.fullstack.ephemeral.templates.WorkloadTemplateSettings.AcmeSolver;
import pw.fullstack.ephemeral.templates.WorkloadTemplateSettings.DnsProvider;
import pw.fullstack.ephemeral.templates.WorkloadTemplateSettings.DnsPublisher;

/** Every {@code installer.*} setting; defaults follow the seed. See README.md. */
@ConfigMapping(prefix = "installer")
public interface InstallerConfig {

    /** CloudEvents source of the events this service emits. */
    @WithDefault("/ephemeral-clusters/installer")
    URI source();

    /**
     * Phase 1's waits in all, from the HelmCharts applied; at least one helm install (see
     * {@code install.Phase1Deadlines}) and then a wait, checked at start. Each wait has its own deadline too.
     */
    @WithDefault("35M")
    Duration phase1Timeout();

    /**
     * Each wait that is not a helm install, from when it could begin: a release's Deployments Available (operator
     * images pulled cold), the CRDs Established; also applying Phase 1 and Phase 2, and a helm-install pod's start.
     * The seed's {@code kubectl wait --timeout=3m}, one per wait.
     */
    @WithDefault("3M")
    Duration waitTimeout();

    /** After a step's deadline passed by this much without the installer finishing it, the install counts as stuck (health DOWN). */
    @WithDefault("1M")
    Duration stuckAfter();

    /** How often every installation is reconciled (waits are polled, deadlines checked). */
    @WithDefault("5s")
    String reconcileInterval();

    /** Back-off while an event's handling fails for a transient reason (retried without limit, never dead-lettered). */
    HandlingRetry retry();

    /** Which replica consumes and runs the informer and the reconcile passes (lease {@code installer-leader}); see README.md. */
    pw.fullstack.ephemeral.leadership.LeaderElectionSettings leaderElection();

    @WithDefault(ClusterNaming.DEFAULT_DOMAIN)
    String dnsDomain();

    @WithDefault(ClusterNaming.DEFAULT_HOME_OWNER)
    String homeOwner();

    @WithDefault("demo-apps,cks-backend,cks-frontend")
    Set<String> shortNameRepositories();

    /**
     * How the repository's name appears in cluster and DNS names: {@code compact} ({@code pr-cksbackend-42},
     * the seed's README) or {@code as-given} ({@code pr-cks-backend-42}, the seed's workflows); see
     * {@code ClusterNaming}. Must equal every other service's.
     */
    @WithDefault(ClusterNaming.DEFAULT_FORM)
    NameForm nameForm();

    default ClusterNaming naming() {
        return new ClusterNaming(dnsDomain(), homeOwner(), shortNameRepositories(), nameForm());
    }

    DnsCheck dnsCheck();

    Release release();

    Workload workload();

    Vault vault();

    Phase1 phase1();

    Phase2 phase2();

    Dns dns();

    Tls tls();

    /** Who publishes the environment's name (and so who issues its certificate). */
    interface Dns {
        /**
         * {@code tools-cluster} (default): a DNSEndpoint in the PR's namespace on the tools cluster, published by the
         * platform's external-dns there; no DNS provider credential enters the PR's cluster. {@code in-cluster}: the
         * seed's external-dns and DNS-01 issuer inside the PR's cluster with the provider credentials — unsafe for
         * untrusted PRs, whose code can read them.
         */
        @WithDefault("tools-cluster")
        DnsPublisher publisher();

        /** Also publish {@code *.<host>} (and put it into the certificate): for apps that serve more than one host. */
        @WithDefault("false")
        boolean wildcard();
    }

    /** The environment's certificate, issued on the tools cluster and copied into the PR's cluster (tools-cluster publisher). */
    interface Tls {
        /** The platform's ClusterIssuer on the tools cluster (ACME with a DNS-01 solver whose credential stays there). */
        @WithDefault("letsencrypt-staging")
        String toolsClusterIssuer();

        /** The {@code kubernetes.io/tls} Secret in the app namespace the certificate is copied to: the app's {@code tls.secretName}. */
        @WithDefault("environment-tls")
        String secretName();

        /** How often an installed environment's copy is compared with the tools cluster's certificate (and copied again after a renewal). */
        @WithDefault("1M")
        Duration syncInterval();
    }

    /** Resolving the PR's name until it answers with the cluster's VIP. */
    interface DnsCheck {
        /** The resolver asked (the seed's Pi-hole). */
        @WithDefault("192.168.1.3")
        String server();

        @WithDefault("53")
        int port();

        /** Bound of the whole check (seed: DNS propagation 5 min). */
        @WithDefault("5M")
        Duration timeout();

        /** Bound of one query. */
        @WithDefault("2S")
        Duration queryTimeout();

        /** A miss fails the install (InstallFailed, step dns-check) instead of a warning in PhasesInstalled. */
        @WithDefault("false")
        boolean strict();

        /**
         * How soon a name that does not answer yet (or still answers, at a release) is asked again: DNS cannot be
         * watched, so it is polled at this pace rather than the reconcile interval's.
         */
        @WithDefault("1S")
        Duration interval();
    }

    /** Taking the DNS record away: before InstallFailed, and on the owning run's ClusterExpired (DnsReleased). */
    interface Release {
        /** Longest wait for the record to leave DNS; keep it below the provisioner's dns-release-timeout (2 min). */
        @WithDefault("90S")
        Duration timeout();
    }

    interface Workload {
        /** Connect/request timeout of calls to a workload cluster's API server. */
        @WithDefault("10S")
        Duration requestTimeout();

        /** A workload API that keeps refusing for this long during a release is reported unreachable. */
        @WithDefault("20S")
        Duration unreachableAfter();

        /**
         * How many workload clusters are watched at once during Phase 1 (each: its helm-install Jobs, its charts'
         * Deployments, the CRDs Phase 2 needs); the installations beyond are seen by the periodic pass. 0: none watched.
         */
        @WithDefault("20")
        int maxWatchedClusters();
    }

    interface Vault {
        /** KV v2 mount of kubeconfigs and credentials. */
        @WithDefault("kv")
        String mount();

        /** Kubeconfigs are at {@code <mount>/<path-prefix>/<cluster>/kubeconfig} (the provisioner's); events naming another path are refused. */
        @WithDefault("ephemeral-clusters")
        String pathPrefix();

        /** Cloudflare API token (external-dns, DNS-01): path and field in the mount. */
        @WithDefault("ephemeral-clusters/installer/cloudflare")
        String cloudflarePath();

        @WithDefault("api-token")
        String cloudflareField();

        /** Pi-hole password (external-dns for Pi-hole). */
        @WithDefault("ephemeral-clusters/installer/pihole")
        String piholePath();

        @WithDefault("password")
        String piholeField();

        /**
         * The token role through which each cluster's external-secrets token is minted (the deploy
         * configures it: allowed_policies_glob = app-policy-prefix*, orphan, token_explicit_max_ttl).
         */
        @WithDefault("ephemeral-pr-apps")
        String appTokenRole();

        /** Lifetime of a cluster's token: no longer than a cluster may live (the reaper's max lifetime, 3 days). */
        @WithDefault("72H")
        Duration appTokenTtl();

        /** A repository's policy is {@code <prefix><owner>--<repo>}; the platform team writes one per repository. */
        @WithDefault("ephemeral-app--")
        String appPolicyPrefix();

        /** Apps' secrets for the ExternalSecret: {@code <apps-path>/<owner>/<repo>} in the mount. */
        @WithDefault("ephemeral-clusters/apps")
        String appsPath();
    }

    interface Phase1 {
        /** A directory whose {@code phase1/...} and {@code phase2/...} templates replace the packaged ones. */
        Optional<Path> templateDirectory();

        /**
         * A registry mirror (host, optional port and path) every Phase 1 chart's image is pulled from, under its
         * upstream path ({@code <mirror>/jetstack/cert-manager-controller}); unset: the upstream registries.
         */
        Optional<String> imageRegistry();

        /**
         * {@code sha256:<64 hex>} per Phase 1 image ({@code cert-manager-controller}, ..., {@code cloudnative-pg}:
         * {@code ChartImage}), pinning it by digest; an image without one is pinned by its tag only.
         */
        Map<String, String> imageDigests();

        @WithDefault("3")
        int helmBackOffLimit();

        @WithDefault("5m0s")
        String helmTimeout();

        /** cloudflare, pihole, or both (the seed: both): the external-dns instances in the PR's cluster, with the in-cluster publisher only. */
        @WithDefault("cloudflare,pihole")
        Set<DnsProvider> dnsProviders();

        /** The Cloudflare zone external-dns writes to, by id; unset (the seed's way): found by the site's DNS domain. */
        Optional<String> cloudflareZoneId();

        @WithDefault("http://192.168.1.3")
        String piholeServer();

        /**
         * The Pi-hole API external-dns speaks: 5 (the seed's Pi-hole, reached by its external-dns 0.14/0.15,
         * which speak only v5) or 6.
         */
        @WithDefault("5")
        int piholeApiVersion();
    }

    interface Phase2 {
        /**
         * DNS01_CLOUDFLARE (default: works for private addresses) or HTTP01: how the ClusterIssuer in the PR's cluster
         * proves control. With the tools-cluster publisher DNS-01 is not possible there (no credential), and the issuer
         * under {@link #clusterIssuer()} is a self-signed stand-in.
         */
        @WithDefault("DNS01_CLOUDFLARE")
        AcmeSolver acmeSolver();

        @WithDefault(WorkloadTemplateSettings.LETS_ENCRYPT_STAGING)
        String acmeServer();

        @WithDefault("platform@fullstack.pw")
        String acmeEmail();

        @WithDefault("traefik")
        String ingressClass();

        @WithDefault("60")
        int dnsTtl();

        /** The Vault external-secrets reads from (as the cluster reaches it). */
        @WithDefault("https://vault.fullstack.pw")
        String vaultServer();

        /** Where the app deploys: the seed's apps use {@code default}, which the installer gives the quota but never owns. */
        @WithDefault(WorkloadTemplateSettings.AppNames.DEFAULT_NAMESPACE)
        String appNamespace();

        /** The ClusterIssuer's name: what the app's Ingress annotates (the seed's apps: letsencrypt-staging). */
        @WithDefault("letsencrypt-staging")
        String clusterIssuer();

        /** The ExternalSecret and the Secret it writes: what the app's pods read (the seed's apps: cluster-secrets). */
        @WithDefault("cluster-secrets")
        String appSecret();

        /**
         * Pod Security Standard enforced (and warned, audited) on the app namespace: privileged,
         * baseline or restricted. baseline stops the host namespaces, host paths and privileged
         * containers a hostile PR would use to reach the node and from there beyond its cluster.
         */
        @WithDefault("baseline")
        PodSecurityLevel podSecurity();

        /** The {@code install_postgres} CloudNativePG Cluster: what the app connects to (the seed's: postgres, Service postgres-rw). */
        @WithDefault("postgres")
        String postgresCluster();

        Quota quota();

        @WithDefault("5Gi")
        String postgresStorage();
    }

    interface Quota {
        @WithDefault("3")
        String requestsCpu();

        @WithDefault("6Gi")
        String requestsMemory();

        @WithDefault("4")
        String limitsCpu();

        @WithDefault("7Gi")
        String limitsMemory();

        @WithDefault("15Gi")
        String storage();

        @WithDefault("10")
        int persistentVolumeClaims();

        @WithDefault("50")
        int pods();

        @WithDefault("500m")
        String defaultCpu();

        @WithDefault("512Mi")
        String defaultMemory();

        @WithDefault("100m")
        String defaultRequestCpu();

        @WithDefault("128Mi")
        String defaultRequestMemory();
    }

    default WorkloadTemplateSettings templateSettings() {
        Quota q = phase2().quota();
        return new WorkloadTemplateSettings(phase1().helmBackOffLimit(), phase1().helmTimeout(), phase1().dnsProviders(),
                phase1().cloudflareZoneId().orElse(""), phase1().piholeServer(), phase2().acmeSolver(), phase2().acmeServer(),
                phase2().acmeEmail(), phase2().ingressClass(), phase2().dnsTtl(), phase2().vaultServer(), vault().mount(),
                new WorkloadTemplateSettings.AppNames(phase2().appNamespace(), phase2().clusterIssuer(), phase2().appSecret(),
                phase2().postgresCluster()), new WorkloadTemplateSettings.Quota(q.requestsCpu(), q.requestsMemory(),
                q.limitsCpu(), q.limitsMemory(), q.storage(), q.persistentVolumeClaims(), q.pods(), q.defaultCpu(),
                q.defaultMemory(), q.defaultRequestCpu(), q.defaultRequestMemory()), phase2().postgresStorage(),
                phase1().piholeApiVersion(), new WorkloadTemplateSettings.Publishing(dns().publisher(), dns().wildcard(),
                tls().toolsClusterIssuer()));
    }

    /** The Pod Security Standards' levels, as the namespace labels spell them. */
    enum PodSecurityLevel {
        PRIVILEGED, BASELINE, RESTRICTED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
