package pw.fullstack.ephemeral.testkit.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pw.fullstack.ephemeral.testkit.kubernetes.ApiRequest;

/** The authorizer's decisions, as Kubernetes' RBAC makes them. */
class RbacAuthorizerTest {

    private static ApiRequest request(String verb, String group, String resource, String subresource, String namespace, String name) {
        return new ApiRequest(Instant.now(), "t", "GET", "/", verb, group, "v1", resource, subresource, namespace, name, 200);
    }

    private static RbacGrant clusterWide(PolicyRule... rules) {
        return new RbacGrant(List.of(rules), Optional.empty(), "ClusterRole x");
    }

    private static final PolicyRule CLUSTERS = new PolicyRuleBuilder().withApiGroups("cluster.x-k8s.io")
            .withResources("clusters").withVerbs("get", "list", "patch").build();

    @Test
    void aRuleAllowsOnlyItsVerbsGroupsAndResources() {
        List<RbacGrant> grants = List.of(clusterWide(CLUSTERS));

        assertThat(RbacAuthorizer.allows(grants, request("get", "cluster.x-k8s.io", "clusters", null, "pr-a", "pr-a"))).isTrue();
        assertThat(RbacAuthorizer.allows(grants, request("list", "cluster.x-k8s.io", "clusters", null, null, null))).isTrue();
        assertThat(RbacAuthorizer.allows(grants, request("delete", "cluster.x-k8s.io", "clusters", null, "pr-a", "pr-a"))).isFalse();
        assertThat(RbacAuthorizer.allows(grants, request("watch", "cluster.x-k8s.io", "clusters", null, null, null))).isFalse();
        assertThat(RbacAuthorizer.allows(grants, request("get", "infrastructure.cluster.x-k8s.io", "clusters", null, "a", "a"))).isFalse();
        assertThat(RbacAuthorizer.allows(grants, request("get", "cluster.x-k8s.io", "machines", null, "a", "a"))).isFalse();
    }

    @Test
    void aSubresourceNeedsItsOwnRuleOrAStar() {
        assertThat(RbacAuthorizer.allows(List.of(clusterWide(CLUSTERS)),
                request("patch", "cluster.x-k8s.io", "clusters", "status", "a", "a"))).isFalse();
        PolicyRule status = new PolicyRuleBuilder().withApiGroups("cluster.x-k8s.io").withResources("clusters/status")
                .withVerbs("patch").build();
        assertThat(RbacAuthorizer.allows(List.of(clusterWide(status)),
                request("patch", "cluster.x-k8s.io", "clusters", "status", "a", "a"))).isTrue();
        PolicyRule anyStatus = new PolicyRuleBuilder().withApiGroups("*").withResources("*/status").withVerbs("*").build();
        assertThat(RbacAuthorizer.allows(List.of(clusterWide(anyStatus)),
                request("update", "cluster.x-k8s.io", "clusters", "status", "a", "a"))).isTrue();
    }

    @Test
    void resourceNamesAllowOnlyRequestsThatNameOneOfThemSoNeverACreateOrAList() {
        PolicyRule lease = new PolicyRuleBuilder().withApiGroups("coordination.k8s.io").withResources("leases")
                .withResourceNames("provisioner-leader").withVerbs("get", "update", "create", "list").build();
        List<RbacGrant> grants = List.of(clusterWide(lease));

        assertThat(RbacAuthorizer.allows(grants, request("get", "coordination.k8s.io", "leases", null, "ns", "provisioner-leader"))).isTrue();
        assertThat(RbacAuthorizer.allows(grants, request("get", "coordination.k8s.io", "leases", null, "ns", "other"))).isFalse();
        assertThat(RbacAuthorizer.allows(grants, request("create", "coordination.k8s.io", "leases", null, "ns", null))).isFalse();
        assertThat(RbacAuthorizer.allows(grants, request("list", "coordination.k8s.io", "leases", null, "ns", null))).isFalse();
    }

    @Test
    void aRoleHoldsOnlyInItsNamespaceAndNeverForRequestsAcrossNamespaces() {
        RbacGrant role = new RbacGrant(List.of(CLUSTERS), Optional.of("ephemeral-clusters"), "Role x");

        assertThat(RbacAuthorizer.allows(List.of(role), request("get", "cluster.x-k8s.io", "clusters", null, "ephemeral-clusters", "a"))).isTrue();
        assertThat(RbacAuthorizer.allows(List.of(role), request("get", "cluster.x-k8s.io", "clusters", null, "pr-a", "a"))).isFalse();
        assertThat(RbacAuthorizer.allows(List.of(role), request("list", "cluster.x-k8s.io", "clusters", null, null, null))).isFalse();
    }

    @Test
    void discoveryIsEveryAuthenticatedClientsButNothingElseIs() {
        ApiRequest discovery = new ApiRequest(Instant.now(), "t", "GET", "/apis/cluster.x-k8s.io/v1beta2", "get", null, null, null, null,
                null, null, 200);
        ApiRequest metrics = new ApiRequest(Instant.now(), "t", "GET", "/metrics", "get", null, null, null, null, null, null, 200);

        assertThat(RbacAuthorizer.allows(List.of(RbacGrant.everyAuthenticatedClient()), discovery)).isTrue();
        assertThat(RbacAuthorizer.allows(List.of(RbacGrant.everyAuthenticatedClient()), metrics)).isFalse();
        assertThat(RbacAuthorizer.allows(List.of(), discovery)).isFalse();
    }

    @Test
    void theGrantsOfAServiceAccountAreItsBindingsInTheManifests(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("rbac.yaml"), """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata: {name: reader}
                rules:
                  - {apiGroups: [cluster.x-k8s.io], resources: [clusters], verbs: [list]}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: {name: reader}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
                subjects: [{kind: ServiceAccount, name: reaper, namespace: ephemeral-clusters}]
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: leases}
                rules:
                  - {apiGroups: [coordination.k8s.io], resources: [leases], verbs: [create]}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: leases}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: leases}
                subjects: [{kind: ServiceAccount, name: reaper, namespace: ephemeral-clusters}]
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: {name: someone-else}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
                subjects: [{kind: ServiceAccount, name: provisioner, namespace: ephemeral-clusters}]
                """);

        List<RbacGrant> reaper = ServiceAccountRbac.grants(dir, "reaper", "default");
        List<RbacGrant> nobody = ServiceAccountRbac.grants(dir, "notifier", "default");

        assertThat(RbacAuthorizer.allows(reaper, request("list", "cluster.x-k8s.io", "clusters", null, null, null))).isTrue();
        assertThat(RbacAuthorizer.allows(reaper, request("create", "coordination.k8s.io", "leases", null, "default", null))).isTrue();
        assertThat(RbacAuthorizer.allows(reaper, request("create", "coordination.k8s.io", "leases", null, "kube-system", null))).isFalse();
        assertThat(RbacAuthorizer.allows(nobody, request("list", "cluster.x-k8s.io", "clusters", null, null, null))).isFalse();
    }
}
