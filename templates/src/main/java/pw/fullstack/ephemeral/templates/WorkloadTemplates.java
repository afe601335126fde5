package pw.fullstack.ephemeral.templates;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import pw.fullstack.ephemeral.templates.WorkloadTemplateSettings.AcmeSolver;
import pw.fullstack.ephemeral.templates.WorkloadTemplateSettings.DnsProvider;

/**
 * Renders what the installer puts into a PR's cluster: Phase 1 (HelmChart objects for K3s's
 * helm-controller, chart versions pinned in the templates) and Phase 2 (the CRD-dependent objects).
 * Same strictness as the cluster template: every value validated first, strict substitution, output
 * parsed back and checked ({@link WorkloadManifestChecker}) before anything reaches an API server.
 * Which templates are used follows the settings (who publishes the name, DNS providers, ACME solver) and the
 * PR's options; where the charts' images come from and which are pinned by digest, the site's
 * {@link ChartImages}. With the tools cluster publishing, {@link #toolsSide} renders what goes into the PR's
 * namespace on the tools cluster.
 */
public final class WorkloadTemplates {

    public static final String CERT_MANAGER = "phase1/cert-manager.yaml.tpl";
    public static final String EXTERNAL_DNS_CLOUDFLARE = "phase1/external-dns-cloudflare.yaml.tpl";
    public static final String EXTERNAL_DNS_CLOUDFLARE_ZONE_ID = "phase1/external-dns-cloudflare-zone-id.yaml.tpl";
    public static final String EXTERNAL_DNS_PIHOLE = "phase1/external-dns-pihole.yaml.tpl";
    public static final String EXTERNAL_SECRETS = "phase1/external-secrets.yaml.tpl";
    public static final String CLOUDNATIVE_PG = "phase1/cloudnative-pg.yaml.tpl";
    public static final String ISSUER_DNS01_CLOUDFLARE = "phase2/cluster-issuer-dns01-cloudflare.yaml.tpl";
    public static final String ISSUER_HTTP01 = "phase2/cluster-issuer-http01.yaml.tpl";
    public static final String ISSUER_SELF_SIGNED = "phase2/cluster-issuer-self-signed.yaml.tpl";
    public static final String DNS_ENDPOINT = "phase2/dns-endpoint.yaml.tpl";
    public static final String DNS_ENDPOINT_WILDCARD = "phase2/dns-endpoint-wildcard.yaml.tpl";
    public static final String TOOLS_DNS_ENDPOINT = "tools/dns-endpoint.yaml.tpl";
    public static final String TOOLS_DNS_ENDPOINT_WILDCARD = "tools/dns-endpoint-wildcard.yaml.tpl";
    public static final String TOOLS_CERTIFICATE = "tools/certificate.yaml.tpl";
    public static final String TOOLS_CERTIFICATE_WILDCARD = "tools/certificate-wildcard.yaml.tpl";
    public static final String CLUSTER_SECRET_STORE = "phase2/cluster-secret-store.yaml.tpl";
    public static final String APP_NAMESPACE = "phase2/app-namespace.yaml.tpl";
    public static final String APP_QUOTA = "phase2/app-quota.yaml.tpl";
    public static final String EXTERNAL_SECRET = "phase2/external-secret.yaml.tpl";
    public static final String POSTGRES = "phase2/postgres.yaml.tpl";

    private static final Set<String> KNOWN = Stream.concat(Arrays.stream(WorkloadTemplateVariable.values()).map(Enum::name),
            ChartImages.names().stream()).collect(Collectors.toUnmodifiableSet());

    private final TemplateSource source;
    private final ChartImages images;

    /** The charts' images from their upstream registries, pinned by tag only. */
    public WorkloadTemplates(TemplateSource source) {
        this(source, ChartImages.upstream());
    }

    public WorkloadTemplates(TemplateSource source, ChartImages images) {
        this.source = source;
        this.images = images;
    }

    /** The Phase 1 templates for this cluster, in install order. */
    public static List<String> phase1Templates(WorkloadCluster cluster, WorkloadTemplateSettings settings) {
        List<String> names = new ArrayList<>(List.of(CERT_MANAGER));
        if (settings.inClusterDnsProviders().contains(DnsProvider.CLOUDFLARE)) {
            names.add(settings.cloudflareZoneById() ? EXTERNAL_DNS_CLOUDFLARE_ZONE_ID : EXTERNAL_DNS_CLOUDFLARE);
        }
        if (settings.inClusterDnsProviders().contains(DnsProvider.PIHOLE)) {
            names.add(EXTERNAL_DNS_PIHOLE);
        }
        names.add(EXTERNAL_SECRETS);
        if (cluster.installPostgres()) {
            names.add(CLOUDNATIVE_PG);
        }
        return names;
    }

    /**
     * The Phase 2 templates for this cluster, in apply order (the namespace before what lives in it). The
     * app namespace is created only when it is not {@code default}, which every cluster has and the
     * installer must never own; its quota is applied either way. While the tools cluster publishes the name,
     * there is no DNSEndpoint here, and the issuer the apps annotate cannot use a DNS credential: with the
     * DNS-01 solver it is a self-signed stand-in under the same name (the PR's certificate is the copy of
     * the tools-side one).
     */
    public static List<String> phase2Templates(WorkloadCluster cluster, WorkloadTemplateSettings settings) {
        List<String> names = new ArrayList<>();
        boolean tools = settings.publishing().fromToolsCluster();
        names.add(settings.acmeSolver() == AcmeSolver.HTTP01 ? ISSUER_HTTP01 : tools ? ISSUER_SELF_SIGNED : ISSUER_DNS01_CLOUDFLARE);
        if (!tools) {
            names.add(settings.publishing().wildcard() ? DNS_ENDPOINT_WILDCARD : DNS_ENDPOINT);
        }
        names.add(CLUSTER_SECRET_STORE);
        if (settings.app().namespaceIsCreated()) {
            names.add(APP_NAMESPACE);
        }
        names.add(APP_QUOTA);
        names.add(EXTERNAL_SECRET);
        if (cluster.installPostgres()) {
            names.add(POSTGRES);
        }
        return names;
    }

    /**
     * What the installer creates on the tools cluster, in the PR's namespace there (the cluster's name), when the
     * tools cluster publishes: the DNSEndpoint the platform's external-dns publishes and the Certificate its
     * cert-manager issues (the host, and with the wildcard setting {@code *.<host>} too). None otherwise.
     */
    public static List<String> toolsTemplates(WorkloadTemplateSettings settings) {
        if (!settings.publishing().fromToolsCluster()) {
            return List.of();
        }
        return settings.publishing().wildcard() ? List.of(TOOLS_DNS_ENDPOINT_WILDCARD, TOOLS_CERTIFICATE_WILDCARD)
                : List.of(TOOLS_DNS_ENDPOINT, TOOLS_CERTIFICATE);
    }

    public List<ManifestObject> toolsSide(WorkloadCluster cluster, WorkloadTemplateSettings settings) {
        return render(toolsTemplates(settings), variables(cluster, settings), WorkloadManifestChecker.TOOLS_KINDS);
    }

    public List<ManifestObject> phase1(WorkloadCluster cluster, WorkloadTemplateSettings settings) {
        Map<String, String> variables = variables(cluster, settings);
        variables.putAll(images.variables());
        return render(phase1Templates(cluster, settings), variables, WorkloadManifestChecker.PHASE1_KINDS);
    }

    public List<ManifestObject> phase2(WorkloadCluster cluster, WorkloadTemplateSettings settings) {
        return render(phase2Templates(cluster, settings), variables(cluster, settings), WorkloadManifestChecker.PHASE2_KINDS);
    }

    private List<ManifestObject> render(List<String> names, Map<String, String> variables, Set<String> allowedKinds) {
        List<ManifestObject> objects = new ArrayList<>();
        for (String name : names) {
            TemplateSource.Template template = source.load(name);
            String yaml = StrictTemplateRenderer.render(template.origin(), template.text(), KNOWN, variables,
                    ChartImages.mayBeEmpty());
            objects.addAll(WorkloadManifestChecker.parseAndCheck(template.origin(), yaml, allowedKinds));
        }
        WorkloadManifestChecker.checkNoDuplicates(objects);
        return List.copyOf(objects);
    }

    /**
     * Checks every site setting the templates use (the per-cluster values are checked at each render):
     * for a service to refuse a bad setting when it starts, not when the first PR's cluster is ready.
     *
     * @throws TemplateException naming the first variable whose value is not acceptable
     */
    public static void check(WorkloadTemplateSettings settings) {
        validated(settingValues(settings));
    }

    /**
     * Every value validated, those of disabled providers (and an unset Cloudflare zone id) left out: a
     * template that needs one then fails as "missing", naming it.
     */
    static Map<String, String> variables(WorkloadCluster cluster, WorkloadTemplateSettings s) {
        Map<WorkloadTemplateVariable, String> raw = settingValues(s);
        raw.put(WorkloadTemplateVariable.CLUSTER_NAME, cluster.clusterName());
        raw.put(WorkloadTemplateVariable.DNS_NAME, cluster.dnsName());
        raw.put(WorkloadTemplateVariable.DNS_DOMAIN, cluster.dnsDomain());
        raw.put(WorkloadTemplateVariable.CLUSTER_IP, cluster.clusterIp());
        raw.put(WorkloadTemplateVariable.TXT_OWNER_ID, cluster.txtOwnerId());
        raw.put(WorkloadTemplateVariable.APP_SECRET_PATH, cluster.appSecretPath());
        return validated(raw);
    }

    private static Map<WorkloadTemplateVariable, String> settingValues(WorkloadTemplateSettings s) {
        Map<WorkloadTemplateVariable, String> raw = new EnumMap<>(WorkloadTemplateVariable.class);
        raw.put(WorkloadTemplateVariable.HELM_BACKOFF_LIMIT, Integer.toString(s.helmBackOffLimit()));
        raw.put(WorkloadTemplateVariable.HELM_TIMEOUT, s.helmTimeout());
        if (s.inClusterDnsProviders().contains(DnsProvider.CLOUDFLARE) && s.cloudflareZoneById()) {
            raw.put(WorkloadTemplateVariable.CLOUDFLARE_ZONE_ID, s.cloudflareZoneId());
        }
        if (s.inClusterDnsProviders().contains(DnsProvider.PIHOLE)) {
            raw.put(WorkloadTemplateVariable.PIHOLE_SERVER, s.piholeServer());
            raw.put(WorkloadTemplateVariable.PIHOLE_API_VERSION, Integer.toString(s.piholeApiVersion()));
        }
        raw.put(WorkloadTemplateVariable.ACME_SERVER, s.acmeServer());
        raw.put(WorkloadTemplateVariable.ACME_EMAIL, s.acmeEmail());
        raw.put(WorkloadTemplateVariable.INGRESS_CLASS, s.ingressClass());
        raw.put(WorkloadTemplateVariable.DNS_TTL, Integer.toString(s.dnsTtl()));
        raw.put(WorkloadTemplateVariable.VAULT_SERVER, s.vaultServer());
        raw.put(WorkloadTemplateVariable.VAULT_MOUNT, s.vaultMount());
        raw.put(WorkloadTemplateVariable.APP_NAMESPACE, s.app().namespace());
        raw.put(WorkloadTemplateVariable.CLUSTER_ISSUER, s.app().clusterIssuer());
        if (s.publishing().fromToolsCluster()) {
            raw.put(WorkloadTemplateVariable.TOOLS_CLUSTER_ISSUER, s.publishing().toolsClusterIssuer());
        }
        raw.put(WorkloadTemplateVariable.APP_SECRET_NAME, s.app().secret());
        raw.put(WorkloadTemplateVariable.POSTGRES_CLUSTER, s.app().postgres());
        WorkloadTemplateSettings.Quota q = s.quota();
        raw.put(WorkloadTemplateVariable.QUOTA_REQUESTS_CPU, q.requestsCpu());
        raw.put(WorkloadTemplateVariable.QUOTA_REQUESTS_MEMORY, q.requestsMemory());
        raw.put(WorkloadTemplateVariable.QUOTA_LIMITS_CPU, q.limitsCpu());
        raw.put(WorkloadTemplateVariable.QUOTA_LIMITS_MEMORY, q.limitsMemory());
        raw.put(WorkloadTemplateVariable.QUOTA_STORAGE, q.storage());
        raw.put(WorkloadTemplateVariable.QUOTA_PVCS, Integer.toString(q.persistentVolumeClaims()));
        raw.put(WorkloadTemplateVariable.QUOTA_PODS, Integer.toString(q.pods()));
        raw.put(WorkloadTemplateVariable.LIMIT_DEFAULT_CPU, q.defaultCpu());
        raw.put(WorkloadTemplateVariable.LIMIT_DEFAULT_MEMORY, q.defaultMemory());
        raw.put(WorkloadTemplateVariable.LIMIT_DEFAULT_REQUEST_CPU, q.defaultRequestCpu());
        raw.put(WorkloadTemplateVariable.LIMIT_DEFAULT_REQUEST_MEMORY, q.defaultRequestMemory());
        raw.put(WorkloadTemplateVariable.POSTGRES_STORAGE, s.postgresStorage());
        return raw;
    }

    private static Map<String, String> validated(Map<WorkloadTemplateVariable, String> raw) {
        Map<String, String> validated = new LinkedHashMap<>();
        raw.forEach((variable, value) -> validated.put(variable.name(), variable.validate(value)));
        return validated;
    }
}
