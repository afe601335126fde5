package pw.fullstack.ephemeral.testkit.schema;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The resources a Kubernetes 1.30 API server serves without any CRD (the GA group/versions of
 * {@code kubectl api-resources} on a plain cluster). The stand-in stores them without schema
 * validation.
 */
public final class BuiltInResources {

    /** One built-in resource: {@code group} is empty for the core group. */
    public record Resource(String group, String version, String plural, String kind, boolean namespaced) {
    }

    private static final List<Resource> ALL = List.of(
            r("", "v1", "namespaces", "Namespace", false),
            r("", "v1", "nodes", "Node", false),
            r("", "v1", "persistentvolumes", "PersistentVolume", false),
            r("", "v1", "componentstatuses", "ComponentStatus", false),
            r("", "v1", "secrets", "Secret", true),
            r("", "v1", "configmaps", "ConfigMap", true),
            r("", "v1", "pods", "Pod", true),
            r("", "v1", "services", "Service", true),
            r("", "v1", "serviceaccounts", "ServiceAccount", true),
            r("", "v1", "endpoints", "Endpoints", true),
            r("", "v1", "events", "Event", true),
            r("", "v1", "limitranges", "LimitRange", true),
            r("", "v1", "resourcequotas", "ResourceQuota", true),
            r("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true),
            r("", "v1", "replicationcontrollers", "ReplicationController", true),
            r("", "v1", "podtemplates", "PodTemplate", true),
            r("apps", "v1", "deployments", "Deployment", true),
            r("apps", "v1", "statefulsets", "StatefulSet", true),
            r("apps", "v1", "daemonsets", "DaemonSet", true),
            r("apps", "v1", "replicasets", "ReplicaSet", true),
            r("apps", "v1", "controllerrevisions", "ControllerRevision", true),
            r("batch", "v1", "jobs", "Job", true),
            r("batch", "v1", "cronjobs", "CronJob", true),
            r("autoscaling", "v1", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true),
            r("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true),
            r("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true),
            r("rbac.authorization.k8s.io", "v1", "roles", "Role", true),
            r("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true),
            r("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false),
            r("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false),
            r("networking.k8s.io", "v1", "ingresses", "Ingress", true),
            r("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true),
            r("networking.k8s.io", "v1", "ingressclasses", "IngressClass", false),
            r("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true),
            r("events.k8s.io", "v1", "events", "Event", true),
            r("coordination.k8s.io", "v1", "leases", "Lease", true),
            r("storage.k8s.io", "v1", "storageclasses", "StorageClass", false),
            r("storage.k8s.io", "v1", "csidrivers", "CSIDriver", false),
            r("storage.k8s.io", "v1", "csinodes", "CSINode", false),
            r("storage.k8s.io", "v1", "volumeattachments", "VolumeAttachment", false),
            r("storage.k8s.io", "v1", "csistoragecapacities", "CSIStorageCapacity", true),
            r("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", false),
            r("node.k8s.io", "v1", "runtimeclasses", "RuntimeClass", false),
            r("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false),
            r("apiregistration.k8s.io", "v1", "apiservices", "APIService", false),
            r("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration", false),
            r("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration", false),
            r("admissionregistration.k8s.io", "v1", "validatingadmissionpolicies", "ValidatingAdmissionPolicy", false),
            r("admissionregistration.k8s.io", "v1", "validatingadmissionpolicybindings", "ValidatingAdmissionPolicyBinding", false),
            r("certificates.k8s.io", "v1", "certificatesigningrequests", "CertificateSigningRequest", false),
            r("flowcontrol.apiserver.k8s.io", "v1", "flowschemas", "FlowSchema", false),
            r("flowcontrol.apiserver.k8s.io", "v1", "prioritylevelconfigurations", "PriorityLevelConfiguration", false),
            r("authentication.k8s.io", "v1", "tokenreviews", "TokenReview", false),
            r("authentication.k8s.io", "v1", "selfsubjectreviews", "SelfSubjectReview", false),
            r("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false),
            r("authorization.k8s.io", "v1", "selfsubjectrulesreviews", "SelfSubjectRulesReview", false),
            r("authorization.k8s.io", "v1", "subjectaccessreviews", "SubjectAccessReview", false),
            r("authorization.k8s.io", "v1", "localsubjectaccessreviews", "LocalSubjectAccessReview", true));

    private static final Map<String, Resource> BY_RESOURCE = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(x -> x.group() + "/" + x.version() + "/" + x.plural(), Function.identity()));
    private static final Map<String, Resource> BY_KIND = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(x -> x.group() + "/" + x.version() + "/" + x.kind(), Function.identity(), (a, b) -> a));

    private BuiltInResources() {
    }

    private static Resource r(String group, String version, String plural, String kind, boolean namespaced) {
        return new Resource(group, version, plural, kind, namespaced);
    }

    public static Optional<Resource> byResource(String group, String version, String plural) {
        return Optional.ofNullable(BY_RESOURCE.get(group + "/" + version + "/" + plural));
    }

    public static Optional<Resource> byKind(String group, String version, String kind) {
        return Optional.ofNullable(BY_KIND.get(group + "/" + version + "/" + kind));
    }

    /** Whether the group/version is built in (its discovery document exists without CRDs). */
    public static boolean servesGroupVersion(String group, String version) {
        return ALL.stream().anyMatch(x -> x.group().equals(group) && x.version().equals(version));
    }
}
