package pw.fullstack.ephemeral.testkit.schema;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import pw.fullstack.ephemeral.testkit.upstream.UpstreamFiles;

/**
 * The upstream CustomResourceDefinitions, read from the upstream directory's {@code crds/<directory>}
 * ({@link UpstreamFiles}: pinned with their source and SHA-256 in {@code upstream.lock}; the directory's
 * SOURCE.md files say why each version). Versions are the ones the project pins; the installer pins
 * Helm charts of the same versions.
 */
public enum UpstreamCrds {

    CLUSTER_API("cluster-api", "kubernetes-sigs/cluster-api", "v1.12.11",
            "cluster.x-k8s.io_clusters.yaml", "cluster.x-k8s.io_machinedeployments.yaml"),
    CLUSTER_API_K3S("cluster-api-k3s", "k3s-io/cluster-api-k3s", "v0.3.1",
            "controlplane.cluster.x-k8s.io_kthreescontrolplanes.yaml", "bootstrap.cluster.x-k8s.io_kthreesconfigs.yaml",
            "bootstrap.cluster.x-k8s.io_kthreesconfigtemplates.yaml"),
    CLUSTER_API_PROVIDER_PROXMOX("cluster-api-provider-proxmox", "ionos-cloud/cluster-api-provider-proxmox", "v0.9.0",
            "infrastructure.cluster.x-k8s.io_proxmoxclusters.yaml", "infrastructure.cluster.x-k8s.io_proxmoxmachinetemplates.yaml"),
    /** What K3s v1.30.6+k3s1 bundles is v0.16.5, which has no CRD file; see its SOURCE.md. */
    HELM_CONTROLLER("helm-controller", "k3s-io/helm-controller", "v0.16.12",
            "helm.cattle.io_helmcharts.yaml", "helm.cattle.io_helmchartconfigs.yaml"),
    CERT_MANAGER("cert-manager", "cert-manager/cert-manager", "v1.18.6", "crd-clusterissuers.yaml", "crd-certificates.yaml"),
    EXTERNAL_DNS("external-dns", "kubernetes-sigs/external-dns", "v0.20.0 (chart 1.20.0)", "dnsendpoints.externaldns.k8s.io.yaml"),
    EXTERNAL_SECRETS("external-secrets", "external-secrets/external-secrets", "v1.3.2",
            "external-secrets.io_externalsecrets.yaml", "external-secrets.io_clustersecretstores.yaml",
            "external-secrets.io_secretstores.yaml"),
    CLOUDNATIVE_PG("cloudnative-pg", "cloudnative-pg/cloudnative-pg", "v1.30.0", "postgresql.cnpg.io_clusters.yaml"),
    /** What deploy/ creates on the tools cluster for Kafka: topics and users ({@code kafka.strimzi.io/v1}). */
    STRIMZI("strimzi", "strimzi/strimzi-kafka-operator", "1.2.0",
            "040-Crd-kafka.yaml", "043-Crd-kafkatopic.yaml", "044-Crd-kafkauser.yaml"),
    /** What deploy/ creates on the tools cluster for monitoring: ServiceMonitor, PodMonitor, PrometheusRule. */
    PROMETHEUS_OPERATOR("prometheus-operator", "prometheus-operator/prometheus-operator", "v0.93.0",
            "monitoring.coreos.com_servicemonitors.yaml", "monitoring.coreos.com_podmonitors.yaml",
            "monitoring.coreos.com_prometheusrules.yaml");

    private static final ConcurrentHashMap<UpstreamCrds, List<CustomResourceDefinition>> LOADED = new ConcurrentHashMap<>();
    private static final YAMLMapper YAML = new YAMLMapper();

    private final String directory;
    private final String project;
    private final String version;
    private final List<String> files;

    UpstreamCrds(String directory, String project, String version, String... files) {
        this.directory = directory;
        this.project = project;
        this.version = version;
        this.files = List.of(files);
    }

    /**
     * The CRDs a Cluster API management ("tools") cluster of this project has: core, K3s providers, Proxmox, and
     * the platform's cert-manager and external-dns, which issue the PRs' certificates and publish their records
     * from the tools side.
     */
    public static Set<UpstreamCrds> toolsCluster() {
        return EnumSet.of(CLUSTER_API, CLUSTER_API_K3S, CLUSTER_API_PROVIDER_PROXMOX, CERT_MANAGER, EXTERNAL_DNS);
    }

    /**
     * The CRDs the manifests in deploy/ may create custom resources of, on a tools cluster that runs the
     * platform's operators: Strimzi, the Prometheus Operator, and cert-manager (the tools-side ClusterIssuer).
     */
    public static Set<UpstreamCrds> deployTargets() {
        return EnumSet.of(STRIMZI, PROMETHEUS_OPERATOR, CERT_MANAGER, EXTERNAL_DNS);
    }

    /** The CRDs a fresh K3s cluster serves before anything is installed: helm-controller's. */
    public static Set<UpstreamCrds> k3sBuiltIn() {
        return EnumSet.of(HELM_CONTROLLER);
    }

    /**
     * Every CRD of every set the services meet (the mock API servers' default); the deploy-side operators'
     * ({@link #STRIMZI}, {@link #PROMETHEUS_OPERATOR}) are left out: no service creates their objects, and
     * Strimzi's Kafka CRD alone is a third of a megabyte to parse for every test JVM.
     */
    public static List<CustomResourceDefinition> all() {
        EnumSet<UpstreamCrds> sets = EnumSet.allOf(UpstreamCrds.class);
        sets.removeAll(EnumSet.of(STRIMZI, PROMETHEUS_OPERATOR));
        return definitionsOf(sets);
    }

    public static List<CustomResourceDefinition> definitionsOf(Collection<UpstreamCrds> sets) {
        List<CustomResourceDefinition> all = new ArrayList<>();
        sets.forEach(set -> all.addAll(set.definitions()));
        return List.copyOf(all);
    }

    public String project() {
        return project;
    }

    public String version() {
        return version;
    }

    /** This set's files, as paths in the upstream directory (and in {@code upstream.lock}). */
    public List<String> files() {
        return files.stream().map(f -> "crds/" + directory + "/" + f).toList();
    }

    /**
     * The parsed CRDs, loaded once per JVM and shared: treat them as read-only (copy with
     * {@code new CustomResourceDefinitionBuilder(crd).build()} before changing one).
     */
    public List<CustomResourceDefinition> definitions() {
        return LOADED.computeIfAbsent(this, UpstreamCrds::load);
    }

    private static List<CustomResourceDefinition> load(UpstreamCrds set) {
        return set.files().stream().map(UpstreamCrds::read).toList();
    }

    private static CustomResourceDefinition read(String file) {
        try (InputStream in = UpstreamFiles.configured().open(file)) {
            // Jackson's YAML tree, then binding: about three times faster than Serialization.unmarshal on 2.8 MB.
            return Serialization.jsonMapper().treeToValue(YAML.readTree(in), CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse upstream CRD " + file, e);
        }
    }

    @Override
    public String toString() {
        return project + " " + version + " " + Arrays.toString(files.toArray());
    }
}
