package pw.fullstack.ephemeral.installer.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import pw.fullstack.ephemeral.installer.install.InstallAnnotations;
import pw.fullstack.ephemeral.installer.install.Phase1Progress;
import pw.fullstack.ephemeral.templates.ManifestObject;

/**
 * What the installer does and reads in one workload cluster, idempotently: an object is created when
 * absent, updated only when what the installer wants is not already there (fields the API server
 * defaulted do not count as a difference), and left alone otherwise — a restart or a replay re-checks
 * and installs nothing twice. Everything it creates is labelled
 * {@code app.kubernetes.io/managed-by=ephemeral-installer}, and it deletes only what carries that label.
 */
public final class WorkloadObjects {

    public static final String DNS_ENDPOINT_NAMESPACE = "external-dns";
    public static final String DNS_ENDPOINT_NAME = "environment";
    static final ResourceDefinitionContext DNS_ENDPOINTS = context("externaldns.k8s.io", "v1alpha1", "DNSEndpoint", true);
    private static final ObjectMapper JSON = Serialization.jsonMapper();

    private final KubernetesClient client;
    private final String cluster;

    public WorkloadObjects(KubernetesClient client, String cluster) {
        this.client = client;
        this.cluster = cluster;
    }

    /** What happened to one object. */
    public enum Applied {
        CREATED, UPDATED, UNCHANGED,
        /** An object of that name that the installer did not create: left alone. */
        FOREIGN
    }

    /** The keys a {@code kubernetes.io/tls} Secret's copy carries: the certificate chain, its key, the CA if the issuer gives one. */
    public static final List<String> TLS_KEYS = List.of("tls.crt", "tls.key", "ca.crt");

    public Applied namespace(String name) {
        if (client.namespaces().withName(name).get() != null) {
            return Applied.UNCHANGED;
        }
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels()).endMetadata()
                .build()).create();
        return Applied.CREATED;
    }

    /**
     * Sets labels on an existing namespace, leaving every other label as it is (the app namespace may
     * be {@code default}, which the installer never owns). Nothing is written when they are already set.
     */
    public Applied namespaceLabels(String name, Map<String, String> wanted) {
        var namespace = client.namespaces().withName(name);
        var existing = namespace.get();
        if (existing == null) {
            throw new IllegalStateException("namespace " + name + " does not exist");
        }
        Map<String, String> have = existing.getMetadata().getLabels() == null ? Map.of() : existing.getMetadata().getLabels();
        if (have.entrySet().containsAll(wanted.entrySet())) {
            return Applied.UNCHANGED;
        }
        namespace.edit(ns -> {
            Map<String, String> labels = new LinkedHashMap<>(ns.getMetadata().getLabels() == null ? Map.of() : ns.getMetadata().getLabels());
            labels.putAll(wanted);
            ns.getMetadata().setLabels(labels);
            return ns;
        });
        return Applied.UPDATED;
    }

    /** A Secret with one key; the value is compared, never logged. */
    public Applied secret(String namespace, String name, String key, String value) {
        String encoded = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        Secret existing = client.secrets().inNamespace(namespace).withName(name).get();
        if (existing != null && existing.getData() != null && encoded.equals(existing.getData().get(key))) {
            return Applied.UNCHANGED;
        }
        return write(existing, new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels())
                .endMetadata().withType("Opaque").addToData(key, encoded).build());
    }

    /** Creates the Secret, or replaces the existing one (the installer's) with it. */
    private Applied write(Secret existing, Secret desired) {
        var secrets = client.secrets().inNamespace(desired.getMetadata().getNamespace());
        if (existing == null) {
            secrets.resource(desired).create();
            return Applied.CREATED;
        }
        desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
        secrets.resource(desired).update();
        return Applied.UPDATED;
    }

    /** Creates the object, updates it if it lacks anything the installer wants, or leaves it. */
    public Applied apply(ManifestObject object) {
        GenericKubernetesResource desired = JSON.convertValue(object.content(), GenericKubernetesResource.class);
        Map<String, String> labels = new LinkedHashMap<>(desired.getMetadata().getLabels() == null
                ? Map.of() : desired.getMetadata().getLabels());
        labels.putAll(labels());
        desired.getMetadata().setLabels(labels);
        var resources = client.genericKubernetesResources(context(object));
        var named = object.namespace() == null ? resources.withName(object.name())
                : resources.inNamespace(object.namespace()).withName(object.name());
        GenericKubernetesResource existing = named.get();
        if (existing == null) {
            (object.namespace() == null ? resources : resources.inNamespace(object.namespace())).resource(desired).create();
            return Applied.CREATED;
        }
        JsonNode want = JSON.valueToTree(desired);
        JsonNode have = JSON.valueToTree(existing);
        ((com.fasterxml.jackson.databind.node.ObjectNode) want).remove("status");
        if (contains(have, want)) {
            return Applied.UNCHANGED;
        }
        desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
        (object.namespace() == null ? resources : resources.inNamespace(object.namespace())).resource(desired).update();
        return Applied.UPDATED;
    }

    /**
     * Phase 1 as the cluster shows it: each chart's helm-install Job, the Deployments of its release in
     * its target namespace (by {@code app.kubernetes.io/instance}), and the CRDs Phase 2 needs.
     */
    public Phase1Progress phase1(List<ManifestObject> charts, List<String> crds) {
        return phase1(charts, crds, live());
    }

    /** The API server, asked once per read. */
    public Phase1Reads live() {
        return new Phase1Reads() {
            @Override
            public Job job(String namespace, String name) {
                return client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
            }

            @Override
            public List<Deployment> deployments(String namespace, String release) {
                return client.apps().deployments().inNamespace(namespace).withLabel(WatchTargets.INSTANCE_LABEL, release)
                        .list().getItems();
            }

            @Override
            public CustomResourceDefinition crd(String name) {
                return client.apiextensions().v1().customResourceDefinitions().withName(name).get();
            }
        };
    }

    /** Phase 1 as {@code reads} show it. */
    public static Phase1Progress phase1(List<ManifestObject> charts, List<String> crds, Phase1Reads reads) {
        List<Phase1Progress.Chart> observed = new ArrayList<>();
        for (ManifestObject chart : charts) {
            Job job = reads.job(chart.namespace(), "helm-install-" + chart.name());
            Optional<String> failure = condition(job, "Failed");
            if (failure.isPresent()) {
                observed.add(Phase1Progress.Chart.failed(chart.name(), failure.get()));
                continue;
            }
            if (condition(job, "Complete").isEmpty()) {
                observed.add(Phase1Progress.Chart.pending(chart.name()));
                continue;
            }
            String target = WatchTargets.targetNamespace(chart);
            List<Deployment> deployments = reads.deployments(target, chart.name());
            List<String> unavailable = new ArrayList<>();
            if (deployments.isEmpty()) {
                unavailable.add(target + "/" + chart.name() + " (none yet)");
            }
            deployments.stream().filter(d -> !available(d))
                    .forEach(d -> unavailable.add(target + "/" + d.getMetadata().getName()));
            observed.add(Phase1Progress.Chart.installed(chart.name(), unavailable));
        }
        List<String> notEstablished = new ArrayList<>();
        for (String crd : crds) {
            CustomResourceDefinition found = reads.crd(crd);
            if (found == null || found.getStatus() == null || found.getStatus().getConditions() == null
                    || found.getStatus().getConditions().stream().noneMatch(c -> "Established".equals(c.getType())
                    && "True".equals(c.getStatus()))) {
                notEstablished.add(crd);
            }
        }
        return new Phase1Progress(observed, notEstablished, Optional.empty());
    }

    /**
     * Deletes the environment's DNSEndpoint (the in-cluster publisher's) if the installer created it.
     *
     * @return whether one of ours existed (and is now being deleted)
     */
    public boolean deleteDnsEndpoint() {
        if (client.apiextensions().v1().customResourceDefinitions().withName("dnsendpoints.externaldns.k8s.io").get() == null) {
            return false;
        }
        return deleteIfOurs(DNS_ENDPOINTS, DNS_ENDPOINT_NAMESPACE, DNS_ENDPOINT_NAME);
    }

    /**
     * Deletes the object if it carries the installer's label; anything else of that name is left alone.
     *
     * @return whether one of ours existed (and is now being deleted)
     */
    public boolean deleteIfOurs(ResourceDefinitionContext type, String namespace, String name) {
        GenericKubernetesResource found = client.genericKubernetesResources(type).inNamespace(namespace).withName(name).get();
        if (found == null || !ours(found.getMetadata().getLabels())) {
            return false;
        }
        client.genericKubernetesResources(type).inNamespace(namespace).withName(name).delete();
        return true;
    }

    /**
     * The environment's certificate as a {@code kubernetes.io/tls} Secret: created, or updated when its data is not
     * {@code data} (a renewal); a Secret of that name the installer did not create (the app's own) is left alone.
     * The data is compared, never logged.
     *
     * @param data base64 values of {@link #TLS_KEYS}, as stored in the issuing Secret
     */
    public Applied tlsSecret(String namespace, String name, Map<String, String> data) {
        Secret existing = client.secrets().inNamespace(namespace).withName(name).get();
        if (existing != null && !ours(existing.getMetadata().getLabels())) {
            return Applied.FOREIGN;
        }
        if (existing != null && data.equals(existing.getData())) {
            return Applied.UNCHANGED;
        }
        return write(existing, new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels())
                .endMetadata().withType("kubernetes.io/tls").withData(data).build());
    }

    private static boolean ours(Map<String, String> labels) {
        return labels != null && InstallAnnotations.INSTALLER.equals(labels.get(InstallAnnotations.MANAGED_BY));
    }

    /** The name of the CRD serving a Phase 2 object's kind, e.g. {@code clusterissuers.cert-manager.io}. */
    public static String crdName(ManifestObject object) {
        return plural(object.kind()) + "." + object.group();
    }

    private Map<String, String> labels() {
        return Map.of(InstallAnnotations.MANAGED_BY, InstallAnnotations.INSTALLER, "ephemeral.fullstack.pw/cluster", cluster);
    }

    private static boolean available(Deployment deployment) {
        return deployment.getStatus() != null && deployment.getStatus().getConditions() != null
                && deployment.getStatus().getConditions().stream()
                        .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static Optional<String> condition(Job job, String type) {
        if (job == null || job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
                .map(c -> (c.getReason() == null ? type : c.getReason()) + (c.getMessage() == null ? "" : " (" + c.getMessage() + ")"))
                .findFirst();
    }

    /** Every field of {@code want} has the same value in {@code have}; lists compared element by element. */
    static boolean contains(JsonNode have, JsonNode want) {
        if (want.isObject()) {
            if (!have.isObject()) {
                return false;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = want.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("resourceVersion") || field.getKey().equals("uid")
                        || field.getKey().equals("creationTimestamp") || field.getKey().equals("generation")) {
                    continue;
                }
                JsonNode value = have.get(field.getKey());
                if (value == null || !contains(value, field.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (want.isArray()) {
            if (!have.isArray() || have.size() != want.size()) {
                return false;
            }
            for (int i = 0; i < want.size(); i++) {
                if (!contains(have.get(i), want.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return want.isNumber() && have.isNumber() ? want.decimalValue().compareTo(have.decimalValue()) == 0 : want.equals(have);
    }

    private static ResourceDefinitionContext context(ManifestObject object) {
        String version = object.apiVersion().substring(object.apiVersion().indexOf('/') + 1);
        return context(object.group(), version, object.kind(), object.namespace() != null);
    }

    private static ResourceDefinitionContext context(String group, String version, String kind, boolean namespaced) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural(kind)).withNamespaced(namespaced).build();
    }

    private static String plural(String kind) {
        return kind.toLowerCase(Locale.ROOT) + "s";
    }
}
