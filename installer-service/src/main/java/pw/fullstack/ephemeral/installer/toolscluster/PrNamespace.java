package pw.fullstack.ephemeral.installer.toolscluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pw.fullstack.ephemeral.installer.workload.WorkloadObjects;
import pw.fullstack.ephemeral.templates.ManifestObject;

/**
 * What the installer keeps in a PR's namespace on the tools cluster (the provisioner's, named after the
 * cluster) when the tools cluster publishes: the DNSEndpoint the platform's external-dns publishes and the
 * Certificate its cert-manager issues, with the certificate's Secret. Applied and deleted as in a workload
 * cluster ({@link WorkloadObjects}: idempotent, labelled, only what carries the installer's label is deleted).
 * The PR's code never reaches the tools cluster.
 */
@ApplicationScoped
public class PrNamespace {

    /** The names tools/dns-endpoint*.yaml.tpl and tools/certificate*.yaml.tpl give them. */
    public static final String ENVIRONMENT = "environment";
    public static final String CERTIFICATE_SECRET = "environment-tls";
    static final ResourceDefinitionContext DNS_ENDPOINTS = context("externaldns.k8s.io", "v1alpha1", "DNSEndpoint", "dnsendpoints");
    static final ResourceDefinitionContext CERTIFICATES = context("cert-manager.io", "v1", "Certificate", "certificates");
    static final ResourceDefinitionContext SECRETS = context("", "v1", "Secret", "secrets");

    @Inject
    KubernetesClient client;

    /** Creates what is missing, updates what differs, leaves the rest (a replay writes nothing). */
    public void apply(String cluster, List<ManifestObject> objects) {
        WorkloadObjects namespace = new WorkloadObjects(client, cluster);
        objects.forEach(namespace::apply);
    }

    /**
     * Takes the PR's record and certificate away: the DNSEndpoint (external-dns then deletes the records), the
     * Certificate (no renewal any more) and its Secret (the key does not outlive the environment); each only if
     * the installer's. The namespace's deletion takes whatever is left.
     *
     * @return whether the installer's DNSEndpoint existed
     */
    public boolean release(String cluster) {
        WorkloadObjects namespace = new WorkloadObjects(client, cluster);
        boolean hadRecord = namespace.deleteIfOurs(DNS_ENDPOINTS, cluster, ENVIRONMENT);
        namespace.deleteIfOurs(CERTIFICATES, cluster, ENVIRONMENT);
        namespace.deleteIfOurs(SECRETS, cluster, CERTIFICATE_SECRET);
        return hadRecord;
    }

    /** The PR's certificate as cert-manager shows it: once Ready, its Secret's {@link WorkloadObjects#TLS_KEYS}. */
    public IssuedCertificate certificate(String cluster) {
        GenericKubernetesResource certificate = client.genericKubernetesResources(CERTIFICATES).inNamespace(cluster)
                .withName(ENVIRONMENT).get();
        if (certificate == null) {
            return IssuedCertificate.pending("no Certificate " + cluster + "/" + ENVIRONMENT + " on the tools cluster");
        }
        Map<?, ?> ready = condition(certificate, "Ready");
        if (!"True".equals(ready.get("status"))) {
            Map<?, ?> issuing = condition(certificate, "Issuing");
            return IssuedCertificate.pending("Certificate " + cluster + "/" + ENVIRONMENT + " not Ready"
                    + (ready.isEmpty() ? "" : " (" + ready.get("reason") + ": " + ready.get("message") + ")")
                    + ("False".equals(issuing.get("status")) ? "; issuing: " + issuing.get("message") : ""));
        }
        Secret secret = client.secrets().inNamespace(cluster).withName(CERTIFICATE_SECRET).get();
        Map<String, String> data = new LinkedHashMap<>();
        if (secret != null && secret.getData() != null) {
            WorkloadObjects.TLS_KEYS.stream().filter(secret.getData()::containsKey).forEach(k -> data.put(k, secret.getData().get(k)));
        }
        if (!data.containsKey("tls.crt") || !data.containsKey("tls.key")) {
            return IssuedCertificate.pending("Secret " + cluster + "/" + CERTIFICATE_SECRET + " holds no certificate and key yet");
        }
        return IssuedCertificate.issued(data);
    }

    private static Map<?, ?> condition(GenericKubernetesResource certificate, String type) {
        if (certificate.getAdditionalProperties().get("status") instanceof Map<?, ?> status
                && status.get("conditions") instanceof List<?> conditions) {
            return conditions.stream().filter(c -> c instanceof Map<?, ?> m && type.equals(m.get("type")))
                    .map(c -> (Map<?, ?>) c).findFirst().orElse(Map.of());
        }
        return Map.of();
    }

    private static ResourceDefinitionContext context(String group, String version, String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind).withPlural(plural)
                .withNamespaced(true).build();
    }
}
