package pw.fullstack.ephemeral.templates;

import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;

/**
 * Every {@code ${VAR}} the Phase 1 and Phase 2 templates (what the installer puts into a PR's
 * cluster) may use, with what its value must look like. Credentials are never template values: the
 * installer writes them into Secrets the templates only name.
 */
public enum WorkloadTemplateVariable {
    CLUSTER_NAME(ValueKind.DNS_LABEL, 1, ClusterNaming.MAX_CLUSTER_NAME, "cluster name"),
    DNS_NAME(ValueKind.DNS_SUBDOMAIN, 0, 0, "the environment's host name, pr-<pr>-<repo>.<domain>"),
    DNS_DOMAIN(ValueKind.DNS_SUBDOMAIN, 0, 0, "the site's DNS domain the environments' names are under (DNS_NAME without its first label)"),
    CLUSTER_IP(ValueKind.IPV4, 0, 0, "the cluster's VIP (its first address), the DNS record's target"),
    TXT_OWNER_ID(ValueKind.LABEL_VALUE, 0, 0, "external-dns TXT registry owner id, one per cluster"),
    HELM_BACKOFF_LIMIT(ValueKind.POSITIVE_INTEGER, 1, 100, "retries of a helm-install Job before it fails"),
    HELM_TIMEOUT(ValueKind.GO_DURATION, 0, 0, "helm --timeout of one install"),
    CLOUDFLARE_ZONE_ID(ValueKind.HEX_ID, 0, 0, "the Cloudflare zone external-dns may write to; only when one is set"),
    PIHOLE_SERVER(ValueKind.HTTP_URL, 0, 0, "Pi-hole's web/API address"),
    PIHOLE_API_VERSION(ValueKind.POSITIVE_INTEGER, 5, 6, "the Pi-hole API external-dns speaks (5 or 6)"),
    ACME_SERVER(ValueKind.HTTP_URL, 0, 0, "ACME directory URL (Let's Encrypt staging by default)"),
    ACME_EMAIL(ValueKind.EMAIL, 0, 0, "contact address of the ACME account"),
    INGRESS_CLASS(ValueKind.DNS_LABEL, 0, 0, "ingress class of the HTTP-01 solver (K3s: traefik)"),
    DNS_TTL(ValueKind.POSITIVE_INTEGER, 1, 86_400, "TTL of the environment's A record in seconds"),
    VAULT_SERVER(ValueKind.HTTP_URL, 0, 0, "Vault address external-secrets reads from"),
    VAULT_MOUNT(ValueKind.VAULT_PATH, 0, 0, "KV v2 mount external-secrets reads from"),
    APP_SECRET_PATH(ValueKind.VAULT_PATH, 0, 0, "Vault path (in the mount) of the app's secrets"),
    APP_NAMESPACE(ValueKind.DNS_LABEL, 0, 0, "namespace the app pipeline deploys into"),
    CLUSTER_ISSUER(ValueKind.DNS_SUBDOMAIN, 0, 0, "name of the ClusterIssuer the app's Ingress annotates"),
    TOOLS_CLUSTER_ISSUER(ValueKind.DNS_SUBDOMAIN, 0, 0, "the platform's ClusterIssuer on the tools cluster that issues the PR's certificate"),
    APP_SECRET_NAME(ValueKind.DNS_SUBDOMAIN, 0, 0, "name of the ExternalSecret and of the Secret it writes for the app"),
    POSTGRES_CLUSTER(ValueKind.DNS_LABEL, 0, 0, "name of the PR's CloudNativePG Cluster (its Services are <name>-rw, -ro, -r)"),
    QUOTA_REQUESTS_CPU(ValueKind.QUANTITY, 0, 0, "ResourceQuota requests.cpu"),
    QUOTA_REQUESTS_MEMORY(ValueKind.QUANTITY, 0, 0, "ResourceQuota requests.memory"),
    QUOTA_LIMITS_CPU(ValueKind.QUANTITY, 0, 0, "ResourceQuota limits.cpu"),
    QUOTA_LIMITS_MEMORY(ValueKind.QUANTITY, 0, 0, "ResourceQuota limits.memory"),
    QUOTA_STORAGE(ValueKind.QUANTITY, 0, 0, "ResourceQuota requests.storage"),
    QUOTA_PVCS(ValueKind.POSITIVE_INTEGER, 1, 1000, "ResourceQuota persistentvolumeclaims"),
    QUOTA_PODS(ValueKind.POSITIVE_INTEGER, 1, 1000, "ResourceQuota pods"),
    LIMIT_DEFAULT_CPU(ValueKind.QUANTITY, 0, 0, "LimitRange default cpu limit per container"),
    LIMIT_DEFAULT_MEMORY(ValueKind.QUANTITY, 0, 0, "LimitRange default memory limit per container"),
    LIMIT_DEFAULT_REQUEST_CPU(ValueKind.QUANTITY, 0, 0, "LimitRange default cpu request per container"),
    LIMIT_DEFAULT_REQUEST_MEMORY(ValueKind.QUANTITY, 0, 0, "LimitRange default memory request per container"),
    POSTGRES_STORAGE(ValueKind.QUANTITY, 0, 0, "volume size of the PR's PostgreSQL instance");

    private final ValueKind kind;
    private final long min;
    private final long max;
    private final String description;

    WorkloadTemplateVariable(ValueKind kind, long min, long max, String description) {
        this.kind = kind;
        this.min = min;
        this.max = max;
        this.description = description;
    }

    public ValueKind kind() {
        return kind;
    }

    public String description() {
        return description;
    }

    /** Throws {@link TemplateException} naming this variable unless {@code value} is acceptable. */
    public String validate(String value) {
        if (value == null || value.isEmpty()) {
            throw new TemplateException("variable " + name() + " is empty");
        }
        if (!kind.accepts(value)) {
            throw new TemplateException("variable " + name() + ": " + InvalidInputException.quote(value)
                    + " is not " + kind.description());
        }
        if (kind == ValueKind.POSITIVE_INTEGER) {
            long number = Long.parseLong(value);
            if (number < min || number > max) {
                throw new TemplateException("variable " + name() + ": " + number + " is out of range (" + min + ".." + max + ")");
            }
        } else if (max > 0 && value.length() > max) {
            throw new TemplateException("variable " + name() + ": " + InvalidInputException.quote(value)
                    + " is longer than " + max + " characters");
        }
        return value;
    }
}
