package pw.fullstack.ephemeral.testkit.rbac;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import java.util.Optional;

/**
 * Rules a subject holds, and where: a Role bound by a RoleBinding (or a ClusterRole bound by a RoleBinding)
 * holds in that namespace only, a ClusterRole bound by a ClusterRoleBinding everywhere.
 *
 * @param namespace empty: cluster-wide (also for cluster-scoped resources and requests across namespaces)
 * @param source    where the rules come from, for messages (e.g. {@code ClusterRole ephemeral-clusters-reaper})
 */
public record RbacGrant(List<PolicyRule> rules, Optional<String> namespace, String source) {

    public RbacGrant {
        rules = List.copyOf(rules);
    }

    /**
     * What every authenticated client may do whatever its bindings: Kubernetes' default ClusterRoles
     * {@code system:discovery}, {@code system:basic-user} and {@code system:public-info-viewer} (discovery,
     * {@code /version}, health), bound to {@code system:authenticated}.
     */
    public static RbacGrant everyAuthenticatedClient() {
        PolicyRule discovery = new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder()
                .withNonResourceURLs("/api", "/api/*", "/apis", "/apis/*", "/openapi", "/openapi/*", "/version", "/version/",
                        "/healthz", "/livez", "/readyz")
                .withVerbs("get").build();
        PolicyRule selfReviews = new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder()
                .withApiGroups("authorization.k8s.io", "authentication.k8s.io")
                .withResources("selfsubjectaccessreviews", "selfsubjectrulesreviews", "selfsubjectreviews")
                .withVerbs("create").build();
        return new RbacGrant(List.of(discovery, selfReviews), Optional.empty(), "system:authenticated defaults");
    }
}
